# expect functions: _dead
# expect imports: os
import os


def parse(text):
    return text.split()


class Reader:
    def read_all(self):
        return []


def _dead():
    return None
