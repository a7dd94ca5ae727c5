# expect functions: _dead
import atexit
import signal


def cleanup():
    return None


def on_term(signum, frame):
    return None


def _dead():
    return None


atexit.register(cleanup)
signal.signal(signal.SIGTERM, on_term)
