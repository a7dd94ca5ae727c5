# expect classes: LegacyError
class ConfigError(ValueError):
    pass


class LegacyError(ValueError):
    pass


def load(text):
    if not text:
        raise ConfigError("empty")
    return text


print(load("a"))
