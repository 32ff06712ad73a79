import logging

from bot.observability.logging_setup import REDACTED, RedactSecrets


def test_secrets_are_redacted_from_messages_args_and_tracebacks(caplog):
    token = "MTIzNDU2Nzg5.secret-discord-token"
    logger = logging.getLogger("test.redact")
    caplog.handler.addFilter(RedactSecrets([token, "AIzaSy-gemini-key-value"]))
    logger.warning("connecting with %s", token)
    try:
        raise RuntimeError("401 for key AIzaSy-gemini-key-value")
    except RuntimeError:
        logger.exception("call failed")
    text = caplog.text
    assert token not in text and "AIzaSy-gemini-key-value" not in text
    assert text.count(REDACTED) >= 2
    assert "connecting with" in text and "RuntimeError" in text
