"""Encoder-decoder models (T5, CodeT5p) in the transformers engine, on a tiny random T5 built
locally (no download); and how a completion is cut where the code after the cursor goes on.

The tiny T5's tokenizer is built as the tiny Llama's (benchmarks/tiny_model.py): a byte-level
BPE trained in memory, here with T5's span sentinels and no chat template. Its answers are
nonsense, but it is loaded, prompted, generated and streamed by the engine's real code path.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from pathlib import Path

import pytest

from nca.workers.engines import transformers_engine
from nca.workers.engines.infill import InfillCut
from nca.workers.engines.transformers_engine import TransformersEngine, _until_stop

MESSAGES = [{"role": "system", "content": "You fix code."},
            {"role": "user", "content": "def add(a, b) return a + b"}]


#: what the tokenizer learns its merges from (code and prose, as the tiny Llama's)
CORPUS = [
    "def add(a, b):\n    return a + b\n",
    "import os\nprint(os.path.join('a', 'b'))\n",
    "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n",
    "for i in range(10):\n    total += i * 2\n",
    "The quick brown fox jumps over the lazy dog. Fix the error on line 3.\n",
] * 20
SENTINELS = ("<extra_id_0>", "<extra_id_1>")


def build_tiny_t5(folder: Path, *, seed: int = 1) -> Path:
    """Return ``folder`` after saving a tiny random T5 (d_model 16, 2+2 layers) and a
    byte-level BPE tokenizer with T5's sentinels and no chat template into it."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, T5Config, T5ForConditionalGeneration

    special = ["<pad>", "</s>", "<unk>", *SENTINELS]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(CORPUS, trainer=trainers.BpeTrainer(
        vocab_size=512, special_tokens=special,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="</s>",
                                        pad_token="<pad>", unk_token="<unk>")
    tokenizer.add_tokens(list(SENTINELS), special_tokens=True)
    tokenizer.save_pretrained(folder)
    torch.manual_seed(seed)
    config = T5Config(vocab_size=len(tokenizer), d_model=16, d_kv=8, d_ff=32, num_layers=2,
                      num_decoder_layers=2, num_heads=2, pad_token_id=tokenizer.pad_token_id,
                      eos_token_id=tokenizer.eos_token_id,
                      decoder_start_token_id=tokenizer.pad_token_id)
    T5ForConditionalGeneration(config).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def t5_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch", reason="the models extra is not installed")
    pytest.importorskip("transformers", reason="the models extra is not installed")
    return build_tiny_t5(tmp_path_factory.mktemp("tiny-t5"))


@pytest.fixture(scope="module")
def engine(t5_dir: Path) -> TransformersEngine:
    eng = TransformersEngine("t5", t5_dir, max_tokens=16)
    eng.load()
    return eng


class Calls(list):
    def __call__(self, *args: object) -> None:
        self.append(args)


# --------------------------------------------------------------------------- loading, facts


def test_an_encoder_decoder_config_loads_a_seq2seq_model(engine: TransformersEngine) -> None:
    model, _, _ = engine.load()
    assert type(model).__name__ == "T5ForConditionalGeneration"
    assert model.config.is_encoder_decoder and engine.encoder_decoder
    assert engine.health().healthy


def test_the_kind_is_read_from_the_config_before_loading(t5_dir: Path,
                                                          tiny_model_dir: Path) -> None:
    assert TransformersEngine("x", t5_dir).encoder_decoder
    assert not TransformersEngine("x", tiny_model_dir).encoder_decoder


def test_context_length_of_a_model_with_relative_positions(
        engine: TransformersEngine, t5_dir: Path, tmp_path: Path) -> None:
    # T5's config names no length and this tokenizer's model_max_length is "no limit"
    assert TransformersEngine("x", t5_dir).context_length == 512
    assert engine.context_length == 512  # loaded: the same answer
    copy = Path(shutil.copytree(t5_dir, tmp_path / "m"))
    settings = json.loads((copy / "tokenizer_config.json").read_text())
    (copy / "tokenizer_config.json").write_text(json.dumps(settings | {"model_max_length": 256}))
    assert TransformersEngine("x", copy).context_length == 256  # the tokenizer's, when sane
    config = json.loads((copy / "config.json").read_text())
    (copy / "config.json").write_text(json.dumps(config | {"n_positions": 300}))
    assert TransformersEngine("x", copy).context_length == 300  # the config's, first
    assert TransformersEngine("x", copy, context_length=100).context_length == 100


# --------------------------------------------------------------------------- chat


def test_without_a_chat_template_the_prompt_is_plain_text(engine: TransformersEngine) -> None:
    assert engine.chat_prompt(MESSAGES) == ("system: You fix code.\n"
                                            "user: def add(a, b) return a + b\nassistant:")


def test_the_answer_is_what_a_bare_generate_writes(engine: TransformersEngine) -> None:
    model, tokenizer, _ = engine.load()
    answer = "".join(engine.chat(MESSAGES, max_tokens=24, min_tokens=24))
    inputs = tokenizer(engine.chat_prompt(MESSAGES), return_tensors="pt",
                       return_token_type_ids=False)
    ids = model.generate(**inputs, max_new_tokens=24, min_new_tokens=24, do_sample=False,
                         pad_token_id=tokenizer.pad_token_id)
    # the decoder's output holds no prompt: it starts at the decoder-start token
    assert answer == tokenizer.decode(ids[0], skip_special_tokens=True)
    assert answer.strip(), "the seeded tiny model writes something"


def test_each_call_counts_the_prompt_and_the_decoder_tokens(t5_dir: Path) -> None:
    calls = Calls()
    eng = TransformersEngine("t5", t5_dir, on_call=calls)
    list(eng.chat(MESSAGES, max_tokens=10, min_tokens=10))
    ((engine_id, tokens_in, tokens_out, _, outcome),) = calls
    assert (engine_id, tokens_out, outcome) == ("t5", 10, "ok")
    assert tokens_in > 10


def test_the_answer_streams_and_stops_when_cancelled(engine: TransformersEngine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    calls = Calls()
    monkeypatch.setattr(engine, "on_call", calls)
    cancel = threading.Event()
    torch.manual_seed(0)  # sampled: words, so the streamer has word ends to send at
    stream = engine.chat(MESSAGES, max_tokens=200, min_tokens=200, temperature=1.0,
                         cancel=cancel)
    first = next(stream)
    cancel.set()
    rest = list(stream)
    (*_, tokens_out, _, outcome), = calls
    assert first and outcome == "cancelled"
    assert tokens_out < 200, "the first piece came while the model was still writing"
    assert isinstance("".join(rest), str)


def test_the_async_stream_sends_pieces_as_they_come(engine: TransformersEngine) -> None:
    import torch

    async def pieces() -> list[str]:
        return [p async for p in engine.achat(MESSAGES, max_tokens=60, temperature=1.0)]

    torch.manual_seed(0)
    got = asyncio.run(pieces())
    assert len(got) > 1 and all(got)


# --------------------------------------------------------------------------- completion


def spy_generate(engine: TransformersEngine,
                 monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict]]:
    seen: list[tuple[str, dict]] = []
    real = engine.generate

    def spy(prompt: str, **options: object):  # type: ignore[no-untyped-def]
        seen.append((prompt, options))
        return real(prompt, **options)

    monkeypatch.setattr(engine, "generate", spy)
    return seen


def test_completion_asks_for_the_span_at_the_sentinel(engine: TransformersEngine,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    model, tokenizer, _ = engine.load()
    seen = spy_generate(engine, monkeypatch)
    kwargs: list[dict] = []
    real = model.generate

    def recording(**options: object) -> object:
        kwargs.append(options)
        return real(**options)

    monkeypatch.setattr(model, "generate", recording)
    out = "".join(engine.complete("def f(", suffix="):\n    pass\n", max_tokens=8))
    ((prompt, options),) = seen
    assert prompt == "def f(<extra_id_0>):\n    pass\n"
    assert options["end_tokens"] == ("<extra_id_1>",)
    # the span ends at the next sentinel, or at the model's own end of sequence
    ends = kwargs[0]["eos_token_id"]
    assert tokenizer.convert_tokens_to_ids("<extra_id_1>") in ends
    assert tokenizer.eos_token_id in ends
    assert "<extra_id" not in out


def test_without_sentinels_the_prefix_is_continued_and_cut(engine: TransformersEngine,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transformers_engine, "T5_SENTINELS", ("<nope_0>", "<nope_1>"))
    seen = spy_generate(engine, monkeypatch)
    out = "".join(engine.complete("def f(", suffix="):\n    pass\n", max_tokens=12,
                                  min_tokens=12))
    ((prompt, options),) = seen
    assert prompt == "def f(" and options["cut"].lines and options["cut"].single
    assert "\n" not in out  # the rest of the cursor's line, no more


# --------------------------------------------------------------------------- the cut


def cut(prefix: str, suffix: str, chunks: list[str], *, lines: bool = True,
        stop: tuple[str, ...] = ()) -> tuple[str, bool]:
    halt = threading.Event()
    text = "".join(_until_stop(iter(chunks), stop, halt, InfillCut(prefix, suffix, lines=lines)))
    return text, halt.is_set()


@pytest.mark.parametrize(("prefix", "suffix", "chunks", "expected"), [
    # code after the cursor on its line: the rest of the line, without what repeats it
    ("def f(", "):\n    pass\n", ["a, b", "):\n", "    pass\n"], "a, b"),
    ("print(len(", ")\n", ["x))\n", "foo"], "x)"),
    ("def f(", "):\n", ["a, b): return a\n"], "a, b"),
    # in the middle of a line that opens no block: that line only
    ("x = ", "\n", ["foo()\nbar"], "foo()"),
    # on an empty line: up to a blank line, or a line indented less than the block
    ("def f():\n    ", "\n\nprint(f())\n", ["return 1\n", "    \n", "print"], "return 1"),
    ("def f():\n    ", "\n", ["x = 1\n    return x\ndef g", "():"], "x = 1\n    return x"),
    # at the end of a line that opens a block: the block
    ("def f():", "\nprint(f())\n", ["\n    x = 1\n    return x\nprint(f())"],
     "\n    x = 1\n    return x"),
    # a line that repeats the suffix's first line ends it
    ("def f():\n    ", "\n    return y\n", ["y = 2\n    ", "return y\n"], "y = 2"),
])
def test_a_continued_prefix_is_cut_for_autocomplete(prefix: str, suffix: str,
                                                   chunks: list[str], expected: str) -> None:
    assert cut(prefix, suffix, chunks)[0] == expected


def test_a_fim_answer_is_cut_only_where_it_repeats_the_suffix() -> None:
    assert cut("def f():\n", "    return x\n", ["    y = 1\n", "    return x\n"],
               lines=False) == ("    y = 1\n", True)
    assert cut("x = [", "]\n", ["1,\n", "2,\n", "3"], lines=False) == ("1,\n2,\n3", False)


def test_the_cut_halts_the_generation_and_stop_strings_still_apply() -> None:
    assert cut("def f(", "):\n", ["a", "\n", "never read"])[1]
    assert cut("def f():\n    ", "\n", ["x = 1\n    y", " = 2\n"], stop=("y",)) == ("x = 1",
                                                                                    True)


def test_whole_lines_are_shown_as_soon_as_they_are_kept() -> None:
    infill = InfillCut("def f():\n    ", "\n", lines=True)
    assert infill.feed("a = 1\n    b") == "a = 1"
    assert infill.feed(" = 2\n    c = 3\n") == "\n    b = 2\n    c = 3"
    assert infill.feed("", final=True) == "" and infill.done
