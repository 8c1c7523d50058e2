"""The log file holds no personal data and only its owner can read it."""

import logging
import os
import stat

import pytest

from neighborcenter import logs

ID_NUMBER = "11010119900307451X"
MOBILE = "13812345678"
LANDLINE = "0572-2212345"


@pytest.fixture
def logger(tmp_path):
    path = tmp_path / "log" / "neighborcenter.log"
    handler = logs.file_handler(path, max_bytes=4000, backups=2)
    log = logging.getLogger("nc-test-logs")
    log.propagate = False
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    yield log, path
    log.removeHandler(handler)
    handler.close()


def _text(path):
    return "".join(p.read_text(encoding="utf-8") for p in path.parent.glob(path.name + "*"))


def test_an_exception_with_an_id_number_and_a_phone_leaves_neither_in_the_file(logger):
    log, path = logger

    def save():
        raise ValueError(f"duplicate {ID_NUMBER} for 王五, phone {MOBILE} / {LANDLINE}")

    try:
        try:
            save()
        except ValueError as exc:
            raise RuntimeError(f"import stopped at {ID_NUMBER.lower()}") from exc
    except RuntimeError:
        log.exception("import of %s failed (%s)", ID_NUMBER, MOBILE)
    log.warning("caller %s", "138 1234 5678")
    text = _text(path)
    assert "import of <id-number> failed (<phone>)" in text
    assert "ValueError: duplicate <id-number> for 王五, phone <phone> / <phone>" in text
    assert "Traceback" in text and "in save" in text  # the traceback itself is kept
    for secret in (ID_NUMBER, ID_NUMBER.lower(), ID_NUMBER[:17], MOBILE, "2212345",
                   "138 1234 5678"):
        assert secret not in text


def test_sqlalchemy_statement_and_parameters_are_hidden(logger):
    import sqlalchemy.exc

    log, path = logger
    error = sqlalchemy.exc.OperationalError(
        "INSERT INTO residents (name, id_number) VALUES (?, ?)", ("王五", "110101199003074514"),
        Exception("database or disk is full"))
    try:
        raise error
    except sqlalchemy.exc.OperationalError:
        log.exception("saving failed")
    text = _text(path)
    assert "[SQL: hidden]" in text and "[parameters: hidden]" in text
    assert "王五" not in text and "110101199003074514" not in text
    assert "database or disk is full" in text


def test_record_ids_and_small_numbers_stay(logger):
    log, path = logger
    log.info("resident %s, %d rows, line %d", "0b8f6c1e-1234-4567-89ab-123456789012", 200, 1234)
    assert "resident 0b8f6c1e-1234-4567-89ab-123456789012, 200 rows, line 1234" in _text(path)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_file_its_rotated_files_and_its_folder_are_private(logger):
    log, path = logger
    for n in range(200):
        log.info("line %d %s", n, "x" * 60)
    rotated = sorted(path.parent.glob(path.name + ".*"))
    assert rotated, "the log did not rotate"
    for file in [path, *rotated]:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_log_left_readable_by_an_older_version_is_made_private(tmp_path):
    path = tmp_path / "log" / "neighborcenter.log"
    path.parent.mkdir(mode=0o755)
    path.write_text("old\n")
    path.with_name(path.name + ".1").write_text("older\n")
    os.chmod(path, 0o644)
    os.chmod(path.with_name(path.name + ".1"), 0o644)
    logs.file_handler(path).close()
    for file in (path, path.with_name(path.name + ".1")):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_setup_logging_writes_through_the_scrubber(monkeypatch, tmp_path):
    path = tmp_path / "state" / "neighborcenter.log"
    monkeypatch.setattr(logs, "_configured", None)
    monkeypatch.setattr(logs, "log_file", lambda: path)
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        assert logs.setup_logging() == path
        [handler] = [h for h in root.handlers if h not in before]
        assert any(isinstance(f, logs.Scrubber) for f in handler.filters)
        logging.getLogger("nc-test").error("phone %s", MOBILE)
        handler.flush()
        assert MOBILE not in path.read_text(encoding="utf-8")
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()
