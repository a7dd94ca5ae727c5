# expect functions: _dead
def main():
    return 0


class CsvPlugin:
    @classmethod
    def load(cls):
        return cls()


def _dead():
    return 1
