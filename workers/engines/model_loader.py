"""Loading a local model once per process, in a background thread, with progress.

Engines that name the same model (folder, GGUF file, cache, device, dtype) share one loader:
the weights are read once however many councils hold an engine on them, and one generation
runs at a time on them. The load runs in a daemon thread started on first need; callers wait
for it, bounded, and meanwhile ``status`` says how far it got ("loading 40% (weights)").

A GGUF file is dequantised by transformers on every load, which takes seconds. With a
``cache_dir``, the dequantised model is written there once as a plain float32 checkpoint
(safetensors, config, tokenizer) and later loads read that instead: the same logits, about a
hundred times faster. torch and transformers are imported by the loading thread only.

A model whose config says ``is_encoder_decoder`` (T5, CodeT5p, BART) loads as
``AutoModelForSeq2SeqLM``; every other one as ``AutoModelForCausalLM``.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nca.workers.core.errors import EngineError

__all__ = ["ModelLoader", "ModelSource", "loader_for", "model_class", "pick_device",
           "pick_dtype", "save_plain_copy"]

log = logging.getLogger(__name__)

#: ``(model, tokenizer, device)``
Loaded = tuple[Any, Any, str]


def pick_device(wanted: str = "auto") -> str:
    """Return the torch device to run on: ``wanted``, or the best available for ``auto``."""
    # torch and transformers: the optional models extra, imported on first use
    import torch

    if wanted != "auto":
        return wanted
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def model_class(config: Any) -> Any:
    """Return the transformers auto class that builds a model of ``config``."""
    # transformers is imported only by whoever loads a model, never with nca
    from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

    if getattr(config, "is_encoder_decoder", False):
        return AutoModelForSeq2SeqLM
    return AutoModelForCausalLM


def pick_dtype(device: str, wanted: str = "auto") -> Any:
    """Return the torch dtype: bfloat16 on CUDA that has it, float16 on GPUs, float32 on CPU."""
    # torch and transformers: the optional models extra, imported on first use
    import torch

    if wanted != "auto":
        try:
            return getattr(torch, wanted)
        except AttributeError:
            raise EngineError(f"unknown dtype {wanted!r}",
                              "use auto, float32, float16 or bfloat16") from None
    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device.startswith("mps"):
        return torch.float16
    return torch.float32


@dataclass(frozen=True)
class ModelSource:
    """Where a model comes from and how it runs: what makes two engines share one load."""

    path: Path
    gguf_file: str | None = None  # a GGUF file inside ``path`` instead of a saved folder
    cache_dir: Path | None = None  # where the dequantised copy of a GGUF model is kept
    device: str = "auto"
    dtype: str = "auto"

    @property
    def cached(self) -> bool:
        """Return True when a complete dequantised copy waits in ``cache_dir``."""
        return (self.gguf_file is not None and self.cache_dir is not None
                and (self.cache_dir / "config.json").is_file())


class ModelLoader:
    """Loads one ``ModelSource`` once, in a background thread; ``wait`` hands the result out."""

    def __init__(self, source: ModelSource) -> None:
        self.source = source
        # one generation at a time per model: a second caller waits its turn
        self.generate_lock = threading.Lock()
        self.percent = 0
        self.step = ""
        self.seconds = 0.0  # how long the load took, once done
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._loaded: Loaded | None = None
        self._error: EngineError | None = None

    @property
    def state(self) -> str:
        """Return idle, loading, ready or failed."""
        if self._done.is_set():
            return "ready" if self._loaded is not None else "failed"
        return "idle" if self._thread is None else "loading"

    @property
    def loaded(self) -> Loaded | None:
        return self._loaded

    @property
    def error(self) -> EngineError | None:
        return self._error

    def status(self) -> str:
        """Return the progress in words: "loading 40% (weights)", "ready in 0.2 s", ..."""
        state = self.state
        if state == "loading":
            return f"loading {self.percent}%" + (f" ({self.step})" if self.step else "")
        if state == "ready":
            return f"ready (loaded in {self.seconds:.1f} s)"
        if state == "failed":
            return f"failed: {self._error}"
        if self.source.cached:
            return "not loaded yet (loads on first use, from its dequantised copy)"
        if self.source.gguf_file is not None and self.source.cache_dir is not None:
            return ("not loaded yet (the first load dequantises the GGUF file, seconds, and "
                    "keeps a copy that loads faster)")
        return "not loaded yet (loads on first use)"

    def start(self, name: str) -> None:
        """Start loading in a daemon thread unless it already started; returns at once."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, args=(name,), daemon=True,
                                            name=f"nca-load-{name}")
            self._thread.start()

    def wait(self, name: str, timeout: float | None) -> Loaded:
        """Return the loaded model, starting the load if needed and waiting ``timeout`` seconds.

        EngineError when the load failed, or is still running when the time is up.
        """
        self.start(name)
        if not self._done.wait(timeout):
            raise EngineError(f"engine {name} is still {self.status()}",
                              "ask again in a few seconds; `nca doctor` shows the progress")
        if self._loaded is None:
            raise self._error or EngineError(f"engine {name}: the load ended without a model")
        return self._loaded

    # ------------------------------------------------------------------ the loading thread

    def _run(self, name: str) -> None:
        started = time.perf_counter()
        try:
            self._loaded = self._load(name)
        except EngineError as err:
            self._error = err
        except Exception as err:  # transformers raises many kinds; all mean "cannot load"
            self._error = EngineError(f"engine {name}: cannot load {self._where()}: {err}",
                                      "point path at a folder written by save_pretrained, or "
                                      "gguf_file at a GGUF file inside it")
        finally:
            self.seconds = time.perf_counter() - started
            if self._error is not None:
                log.error("engine %s: %s", name, self._error)
            else:
                log.info("engine %s: ready in %.1f s", name, self.seconds)
            self._done.set()

    def _progress(self, name: str, percent: int, step: str) -> None:
        self.percent, self.step = percent, step
        log.info("engine %s: loading %d%% (%s)", name, percent, step)

    def _where(self) -> str:
        source = self.source
        return str(source.path / source.gguf_file) if source.gguf_file else str(source.path)

    def _load(self, name: str) -> Loaded:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        # torch and transformers: the optional models extra, imported on first use
        import torch
        from transformers import AutoConfig, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # stderr is the server's log, not a terminal
        source = self.source
        device = pick_device(source.device)
        dtype = pick_dtype(device, source.dtype)
        dequantise = source.gguf_file is not None and not source.cached
        folder = source.cache_dir if source.cached and source.cache_dir else source.path
        options: dict[str, Any] = {"local_files_only": True}
        if dequantise:
            options["gguf_file"] = source.gguf_file
        self._progress(name, 0, f"tokenizer from {folder}")
        tokenizer = AutoTokenizer.from_pretrained(folder, **options)
        # the config says which kind of model it is: decoder-only or encoder-decoder
        config = AutoConfig.from_pretrained(folder, **options)
        self._progress(name, 20 if dequantise else 10,
                       "dequantising the GGUF weights" if dequantise else "weights")
        # the cached copy is float32: dequantise to that, whatever the dtype it runs in
        model = model_class(config).from_pretrained(
            folder, dtype=torch.float32 if dequantise else dtype, **options)
        if dequantise and source.cache_dir is not None:
            self._progress(name, 75, f"writing the dequantised copy to {source.cache_dir}")
            try:
                save_plain_copy(model, tokenizer, source.cache_dir)
            except (OSError, RuntimeError, ValueError) as err:
                # a cache that cannot be written costs the next load its time, nothing more
                log.warning("engine %s: model cache not written: %s", name, err)
        self._progress(name, 95, f"moving to {device}")
        model.to(device=device, dtype=dtype)
        model.eval()
        return model, tokenizer, device


def save_plain_copy(model: Any, tokenizer: Any, folder: Path) -> None:
    """Write a GGUF-loaded ``model`` and its tokenizer to ``folder`` as a plain checkpoint.

    transformers refuses ``save_pretrained`` on a GGUF-loaded model; the same weights in a
    model built from its config without the quantization entry save normally. Written to a
    sibling folder then renamed, so a reader never sees half a cache.
    """
    # torch and transformers: the optional models extra, imported on first use
    import torch

    settings = model.config.to_dict()
    settings.pop("quantization_config", None)
    config = type(model.config).from_dict(settings)
    with torch.device("meta"):  # no random weights to fill in only to overwrite them
        plain = model_class(config).from_config(config)
    plain.load_state_dict(model.state_dict(), assign=True)
    plain.tie_weights()
    plain.generation_config = model.generation_config
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        plain.save_pretrained(partial)
        tokenizer.save_pretrained(partial)
        partial.rename(folder)
    except OSError:
        if not (folder / "config.json").is_file():  # not another process that finished first
            raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)


_LOADERS: dict[ModelSource, ModelLoader] = {}
_LOADERS_LOCK = threading.Lock()


def loader_for(source: ModelSource) -> ModelLoader:
    """Return the process's loader of ``source``, made on first call (nothing is loaded)."""
    with _LOADERS_LOCK:
        loader = _LOADERS.get(source)
        if loader is None:
            loader = _LOADERS[source] = ModelLoader(source)
        return loader
