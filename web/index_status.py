"""The staff page's line on the search index refresh that runs in the background after an upload or a removal.

The build prints its progress as lines to the stream it is given (`index: embedded 2304/8642 passages · 1 min
20 s · about 3 min 40 s left`, corpus.progress); this stream keeps the last one for the page to poll.

    >>> status = IndexStatus()
    >>> status.markdown()
    ''
    >>> print("index: embedding 900 passages of 1200 chunks\\nindex: embedded 256/900 passages · 20 s", file=status)
    >>> status.markdown()
    '检索索引更新中：index: embedded 256/900 passages · 20 s'
    >>> status.finish("1200 chunks from 3 documents: 900 embedded …")
    >>> status.markdown()
    '检索索引已更新：1200 chunks from 3 documents: 900 embedded …'
"""
from __future__ import annotations

import io
import threading


class IndexStatus(io.TextIOBase):
    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self._line, self._state = "", ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            with self._lock:
                self._line, self._state = lines[-1], "检索索引更新中"
        return len(text)

    def finish(self, summary: str, failed: bool = False) -> None:
        with self._lock:
            self._line, self._state = summary, "检索索引更新失败" if failed else "检索索引已更新"

    def markdown(self) -> str:
        with self._lock:
            return f"{self._state}：{self._line}" if self._state else ""
