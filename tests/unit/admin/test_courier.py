import pytest

from nca.admin.courier import COURIER_FILE, Courier, parse_courier
from nca.workers.core.errors import CourierError
from nca.workers.core.registry import WORKERS, worker

EXPECTED = {"debug", "analyze", "fix", "fix_helper", "verify", "clean", "backup"}


def test_the_file_and_the_code_agree():
    courier = Courier()
    assert courier.check() == []
    assert set(courier.specs) == EXPECTED


def test_contract_text_is_the_section():
    spec = Courier().spec("fix")
    assert spec.target == "nca.workers.fixing.fixer:fix" and spec.time_limit == 30
    assert Courier().contract("fix").startswith("## fix")


def test_a_wrong_signature_is_reported(tmp_path):
    text = COURIER_FILE.read_text().replace(
        "`fix(request: FixRequest) -> FixProposal`", "`fix(request: FixRequest, n: int) -> FixProposal`")
    path = tmp_path / "Function_Courier.md"
    path.write_text(text)
    assert any("worker fix: signature" in p for p in Courier(path).check())


def test_a_missing_and_an_extra_worker_are_reported(tmp_path):
    text = COURIER_FILE.read_text()
    start = text.index("## clean")
    end = text.index("## backup")
    path = tmp_path / "Function_Courier.md"
    path.write_text(text[:start] + text[end:] + "\n## ghost\n- target: `nca.workers.fixing.fixer:nothing`\n"
                    "- signature: `nothing() -> None`\n- time limit: 1 s\n")
    problems = Courier(path).check()
    assert "worker clean is in the code but not in Function_Courier.md" in problems
    assert "worker ghost is in Function_Courier.md but not in the code" in problems


def test_an_unregistered_new_worker_is_reported():
    @worker("extra")
    def extra(request: int) -> int:
        return request

    try:
        assert any("extra is in the code" in p for p in Courier().check())
    finally:
        del WORKERS["extra"]


@pytest.mark.parametrize("bad", ["## w\n- target: `m:f`\n", "## w\n- target: `m:f`\n"
                                 "- signature: `f()`\n- time limit: soon\n"])
def test_malformed_sections_raise(bad):
    with pytest.raises(CourierError):
        parse_courier(bad)


def test_call_runs_the_worker_and_times_it():
    from nca.workers.core.types import DebugRequest

    courier = Courier()
    summary = courier.call("debug", DebugRequest(text="nothing to see"))
    assert summary.kind == "none"
    assert len(courier.timings["debug"]) == 1
