"""The transformers engine: a local model directory, loaded lazily, one generation at a time.

torch and transformers are imported on first use only: importing nca (or starting the
server) never pays for them. Nothing is ever downloaded: ``HF_HUB_OFFLINE`` is set unless the
user set it, and ``from_pretrained`` reads the directory with ``local_files_only``. The model
is a folder written by ``save_pretrained``, or a GGUF file in a folder (``gguf_file``); it
loads in a background thread (nca.workers.engines.model_loader) that callers wait for.

Decoder-only models (Llama, Qwen, SmolLM) and encoder-decoder ones (T5, CodeT5p) both work:
the model's config says which. An encoder-decoder model reads the prompt with its encoder and
writes only the answer. Completion uses the tokenizer's fill-in-the-middle markers, or T5's
sentinel ``<extra_id_0>``; a model with neither continues the prefix, and the answer is cut
where the suffix takes over (``InfillCut``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from nca.workers.core.errors import EngineError
from nca.workers.core.types import Health
from nca.workers.engines.base import CAPABILITIES, CancelFlag, Message, ModelEngine, OnCall
from nca.workers.engines.infill import InfillCut
from nca.workers.engines.model_loader import (
    ModelLoader,
    ModelSource,
    loader_for,
    pick_device,
    pick_dtype,
)
from nca.workers.engines.prompts import FimTokens, fim_prompt, fim_tokens_for

__all__ = ["TransformersEngine", "pick_device", "pick_dtype"]

#: seconds the streamer waits for the next chunk before the generation counts as hung
CHUNK_TIMEOUT = 300.0
#: context lengths when neither the config nor the tokenizer names one: T5-style models use
#: relative positions (no limit in the config) and were trained on 512 tokens
DEFAULT_CONTEXT, DEFAULT_SEQ2SEQ_CONTEXT = 2048, 512
#: config fields that hold the longest input a model takes
_POSITION_KEYS = ("max_position_embeddings", "n_positions", "seq_length", "max_seq_len")
#: a tokenizer's model_max_length above this is transformers' "no limit" placeholder
_SANE_MAX_LENGTH = 1_000_000
#: T5's span sentinels: ``prefix<extra_id_0>suffix`` asks for the span, which the model ends
#: with the next sentinel
T5_SENTINELS = ("<extra_id_0>", "<extra_id_1>")


class TransformersEngine(ModelEngine):
    """A causal language model from a local directory (``config.json``, weights, tokenizer).

    With ``gguf_file``, the model and tokenizer come from that GGUF file inside ``path``
    instead (transformers dequantises it; the ``gguf`` package is needed), and ``cache_dir``
    keeps the dequantised copy for faster loads after the first.
    """

    kind = "transformers"
    capabilities = CAPABILITIES

    def __init__(self, engine_id: str, path: str | os.PathLike[str], *, device: str = "auto",
                 dtype: str = "auto", context_length: int | None = None, contract: str = "",
                 on_call: OnCall | None = None, max_tokens: int = 512,
                 temperature: float = 0.0, gguf_file: str | None = None,
                 cache_dir: str | os.PathLike[str] | None = None,
                 load_wait: float = 60.0) -> None:
        super().__init__(engine_id, contract=contract, on_call=on_call, max_tokens=max_tokens,
                         temperature=temperature)
        self.path = Path(path).expanduser()
        self.gguf_file = gguf_file or None
        self.cache_dir = Path(cache_dir).expanduser() if cache_dir else None
        self.device_wanted = device
        self.dtype_wanted = dtype
        #: seconds a call waits for a model still loading before it answers "still loading"
        self.load_wait = load_wait
        self._context_length = context_length

    @property
    def loader(self) -> ModelLoader:
        """Return the process's loader of this engine's model (shared with equal engines)."""
        return loader_for(ModelSource(self.path, self.gguf_file, self.cache_dir,
                                      self.device_wanted, self.dtype_wanted))

    # ------------------------------------------------------------------ health and facts

    def health(self) -> Health:
        """Return whether the model can load, and how far its load got, without importing torch."""
        missing = [m for m in ("torch", "transformers") if importlib.util.find_spec(m) is None]
        if missing:
            return Health(False, f"{' and '.join(missing)} not installed: "
                                 "pip install 'neural-coding-assistant[models]'")
        if not self.path.is_dir():
            return Health(False, f"no model directory at {self.path}: set path in the "
                                 f"[[nca.engines]] entry {self.id!r} to a local model folder")
        loader = self.loader
        if self.gguf_file is not None:
            if not (self.path / self.gguf_file).is_file():
                return Health(False, f"no GGUF file {self.gguf_file} in {self.path}: set "
                                     f"gguf_file in the [[nca.engines]] entry {self.id!r}")
            if not loader.source.cached and importlib.util.find_spec("gguf") is None:
                return Health(False, "gguf not installed: pip install gguf (or "
                                     "'neural-coding-assistant[smollm2]')")
        elif not (self.path / "config.json").is_file():
            return Health(False, f"{self.path} holds no config.json: point path at a folder "
                                 "written by save_pretrained")
        if loader.state == "failed":
            return Health(False, str(loader.error))
        return Health(True, f"local model {self.gguf_file or self.path.name}: {loader.status()}")

    @property
    def context_length(self) -> int:  # type: ignore[override]
        """Return the configured context length, else the model config's, else the tokenizer's
        ``model_max_length`` when it is a real limit, else 512 (encoder-decoder) or 2048."""
        if self._context_length:
            return self._context_length
        config, tokenizer = self._settings()
        for key in _POSITION_KEYS:
            if isinstance(config.get(key), int) and config[key] > 0:
                return int(config[key])
        limit = tokenizer.get("model_max_length")
        if isinstance(limit, (int, float)) and 0 < limit <= _SANE_MAX_LENGTH:
            return int(limit)
        return DEFAULT_SEQ2SEQ_CONTEXT if config.get("is_encoder_decoder") else DEFAULT_CONTEXT

    @property
    def encoder_decoder(self) -> bool:
        """Return True for an encoder-decoder model (T5, CodeT5p), as its config says."""
        return bool(self._settings()[0].get("is_encoder_decoder"))

    def _settings(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Return the model's config and tokenizer settings: the loaded ones, else the files'."""
        loaded = self.loader.loaded
        if loaded is not None:
            limit = getattr(loaded[1], "model_max_length", None)
            return loaded[0].config.to_dict(), {"model_max_length": limit}
        folder = self.cache_dir if self.gguf_file and self.cache_dir else self.path
        found: list[dict[str, Any]] = []
        for name in ("config.json", "tokenizer_config.json"):
            try:
                data = json.loads((folder / name).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            found.append(data if isinstance(data, dict) else {})
        return found[0], found[1]

    @property
    def loaded(self) -> bool:
        return self.loader.loaded is not None

    def start_loading(self) -> None:
        """Start loading the model in a background thread, if it can load; returns at once."""
        if self.health().healthy:
            self.loader.start(self.id)

    def load(self, timeout: float | None = None) -> tuple[Any, Any, str]:
        """Return ``(model, tokenizer, device)``, loading them on first call.

        Waits ``timeout`` seconds (``load_wait`` when None) for a load in progress; EngineError
        says "still loading" when the time is up.
        """
        loaded = self.loader.loaded
        if loaded is not None:
            return loaded
        health = self.health()
        if not health.healthy:
            raise EngineError(f"engine {self.id}: {health.reason}")
        return self.loader.wait(self.id, self.load_wait if timeout is None else timeout)

    # ------------------------------------------------------------------ prompts

    def chat_prompt(self, messages: Sequence[Message]) -> str:
        """Return the prompt text for ``messages``: the tokenizer's chat template when it has one."""
        _, tokenizer, _ = self.load()
        listed = [dict(m) for m in messages]
        if getattr(tokenizer, "chat_template", None):
            return str(tokenizer.apply_chat_template(listed, tokenize=False,
                                                     add_generation_prompt=True))
        lines = [f"{m['role']}: {m['content']}" for m in listed]
        return "\n".join(lines) + "\nassistant:"

    def fim_tokens(self) -> FimTokens | None:
        """Return the tokenizer's fill-in-the-middle markers, or None."""
        _, tokenizer, _ = self.load()
        return fim_tokens_for(tokenizer.get_vocab())

    # ------------------------------------------------------------------ generation

    def chat(self, messages: Sequence[Message], *, max_tokens: int | None = None,
             temperature: float | None = None, stop: Sequence[str] = (),
             cancel: CancelFlag | None = None, min_tokens: int = 0) -> Iterator[str]:
        """Return an iterator of the answer's text chunks, streamed as they are generated.

        Nothing runs before the first ``next``: the wait for a model still loading happens
        there, in the consumer's thread (never the event loop's).
        """
        yield from self.generate(self.chat_prompt(messages), max_tokens=max_tokens,
                                 temperature=temperature, stop=stop, cancel=cancel,
                                 min_tokens=min_tokens)

    def complete(self, prompt: str, *, suffix: str | None = None, max_tokens: int | None = None,
                 temperature: float | None = None, stop: Sequence[str] = (),
                 cancel: CancelFlag | None = None, min_tokens: int = 0) -> Iterator[str]:
        """Return an iterator of the infill between ``prompt`` and ``suffix``.

        With FIM markers (or T5 sentinels) the model is asked for the middle; without them it
        continues ``prompt`` and the answer ends where it runs into ``suffix`` or, for a
        suffix on the cursor's line, at the end of that line (``InfillCut``).
        """
        _, tokenizer, _ = self.load()
        tokens = self.fim_tokens()
        ends: tuple[str, ...] = ()
        if suffix is None:
            text, cut = prompt, None
        elif tokens is not None:
            text, cut = fim_prompt(prompt, suffix, tokens), InfillCut(prompt, suffix, lines=False)
        elif self.encoder_decoder and set(T5_SENTINELS) <= set(tokenizer.get_vocab()):
            # span infilling, as T5 and CodeT5p were trained: the span ends at the next sentinel
            text, ends = f"{prompt}{T5_SENTINELS[0]}{suffix}", T5_SENTINELS[1:]
            cut = InfillCut(prompt, suffix, lines=False)
        else:
            text, cut = prompt, InfillCut(prompt, suffix, lines=True)
        yield from self.generate(text, max_tokens=max_tokens, temperature=temperature, stop=stop,
                                 cancel=cancel, min_tokens=min_tokens, cut=cut, end_tokens=ends)

    def generate(self, prompt: str, *, max_tokens: int | None = None,
                 temperature: float | None = None, stop: Sequence[str] = (),
                 cancel: CancelFlag | None = None, min_tokens: int = 0,
                 cut: InfillCut | None = None,
                 end_tokens: Sequence[str] = ()) -> Iterator[str]:
        """Return an iterator of generated text chunks; the model is loaded on first need.

        Closing the iterator, or setting ``cancel``, stops the generation within one token.
        ``cut`` ends the text where a completion is done; ``end_tokens`` are tokens that end
        the generation besides the model's own end-of-sequence token.
        """
        model, tokenizer, device = self.load()
        return self._stream(model, tokenizer, device, prompt,
                            max_tokens or self.max_tokens,
                            self.temperature if temperature is None else temperature,
                            tuple(s for s in stop if s), cancel, min_tokens, cut,
                            tuple(end_tokens))

    def _stream(self, model: Any, tokenizer: Any, device: str, prompt: str, max_tokens: int,
                temperature: float, stop: tuple[str, ...], cancel: CancelFlag | None,
                min_tokens: int, cut: InfillCut | None = None,
                end_tokens: tuple[str, ...] = ()) -> Iterator[str]:
        # torch and transformers: the optional models extra, imported on first use
        from transformers import StoppingCriteriaList, TextIteratorStreamer

        started = time.perf_counter()
        halt = threading.Event()
        criteria = _cancel_criteria(halt, cancel)
        tokens_in, outcome = 0, "ok"
        seq2seq = bool(getattr(model.config, "is_encoder_decoder", False))
        with self.loader.generate_lock:
            try:
                # an encoder reads the prompt as the tokenizer frames it (T5 ends it with </s>);
                # a decoder-only prompt is already framed by the chat template or FIM markers
                inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=seq2seq,
                                   return_token_type_ids=False)
                inputs = {k: v.to(device) for k, v in inputs.items()}
                tokens_in = int(inputs["input_ids"].shape[1])
                # the criteria see the decoder's ids: for an encoder-decoder model those start
                # with one decoder-start token, not with the prompt
                criteria.prompt_length = 1 if seq2seq else tokens_in
                # the streamer skips the first ids generate() hands it: the prompt of a
                # decoder-only model; an encoder-decoder model hands the decoder-start token
                # instead, a special token that skip_special_tokens drops anyway
                streamer = TextIteratorStreamer(tokenizer, skip_prompt=not seq2seq,
                                                skip_special_tokens=True, timeout=CHUNK_TIMEOUT)
                kwargs: dict[str, Any] = dict(
                    inputs, max_new_tokens=max_tokens, streamer=streamer,
                    stopping_criteria=StoppingCriteriaList([criteria]),
                    pad_token_id=tokenizer.pad_token_id if tokenizer.pad_token_id is not None
                    else tokenizer.eos_token_id)
                if end_tokens:
                    kwargs["eos_token_id"] = _end_ids(model, tokenizer, end_tokens)
                if min_tokens:
                    kwargs["min_new_tokens"] = min_tokens
                if temperature > 0:
                    kwargs.update(do_sample=True, temperature=temperature)
                else:
                    kwargs.update(do_sample=False)
                failure: list[BaseException] = []

                def run() -> None:
                    try:
                        model.generate(**kwargs)
                    except BaseException as err:  # re-raised in the consumer's thread
                        failure.append(err)
                        streamer.end()

                thread = threading.Thread(target=run, name=f"nca-generate-{self.id}",
                                          daemon=True)
                thread.start()
                try:
                    yield from _until_stop(streamer, stop, halt, cut)
                finally:
                    halt.set()
                    thread.join()
                if failure:
                    raise EngineError(f"engine {self.id}: generation failed: {failure[0]}")
                if cancel is not None and cancel.is_set():
                    outcome = "cancelled"
            except GeneratorExit:
                outcome = "cancelled"
                raise
            except BaseException as err:
                outcome = f"error: {type(err).__name__}"
                raise
            finally:
                self._called(tokens_in, criteria.generated, started, outcome)


def _until_stop(chunks: Iterator[str], stop: tuple[str, ...], halt: threading.Event,
                cut: InfillCut | None = None) -> Iterator[str]:
    """Yield chunks up to the first stop string, then through ``cut``; held-back text covers
    a stop split in two. Sets ``halt`` when the text ended before the chunks did."""
    if not stop and cut is None:
        yield from (c for c in chunks if c)  # the streamer sends "" while a word is open
        return
    keep = max((len(s) for s in stop), default=1) - 1
    pending = ""
    for chunk in chunks:
        pending += chunk
        hits = [i for i in (pending.find(s) for s in stop) if i >= 0]
        if hits:
            out = pending[: min(hits)]
            if cut is not None:
                out = cut.feed(out, final=True)
            if out:
                yield out
            halt.set()
            for _ in chunks:  # let the generator thread finish its last token
                pass
            return
        if len(pending) > keep and pending:
            at = len(pending) - keep
            out, pending = pending[:at], pending[at:]
            if cut is not None:
                out = cut.feed(out)
            if out:
                yield out
            if cut is not None and cut.done:
                halt.set()
                for _ in chunks:
                    pass
                return
    if cut is not None:
        pending = cut.feed(pending, final=True)
    if pending:
        yield pending


def _end_ids(model: Any, tokenizer: Any, tokens: tuple[str, ...]) -> list[int]:
    """Return the model's end-of-sequence ids plus those of ``tokens`` (the ones it knows)."""
    own = model.generation_config.eos_token_id
    ids = list(own) if isinstance(own, (list, tuple)) else [] if own is None else [own]
    vocab = tokenizer.get_vocab()
    return ids + [vocab[t] for t in tokens if t in vocab and vocab[t] not in ids]


def _cancel_criteria(halt: threading.Event, cancel: CancelFlag | None) -> Any:
    """Return a StoppingCriteria that ends generation once ``halt`` or ``cancel`` is set."""
    # torch and transformers: the optional models extra, imported on first use
    import torch
    from transformers import StoppingCriteria

    class CancelCriteria(StoppingCriteria):  # type: ignore[misc]
        def __init__(self) -> None:
            self.prompt_length = 0
            self.generated = 0

        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            self.generated = int(input_ids.shape[1]) - self.prompt_length
            stop = halt.is_set() or (cancel is not None and cancel.is_set())
            return torch.full((input_ids.shape[0],), stop, dtype=torch.bool,
                              device=input_ids.device)

    return CancelCriteria()
