"""Benchmark commands (measurements, not tests): `python -m bench load | scale | synth | city`.

- `load`: drives the web app's named `/ask` API from 1, 8 and 32 concurrent clients (bench.load);
- `synth`: writes a corpus of synthetic disclosures derived from the seed (bench.synthetic);
- `scale`: builds synthetic corpora of growing size and measures index build time, size on disk,
  peak memory and query latency (bench.scale);
- `city`: hundreds of documents loaded (the real ones and variants in their layouts): build, retrieval,
  per-question latency, concurrent clients on `/api/ask` and memory, embedded and server Chroma (bench.city).

Every server they start binds 127.0.0.1 on a free port and is stopped by its pid.
"""
