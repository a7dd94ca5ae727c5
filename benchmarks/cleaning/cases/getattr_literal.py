# expect functions: format_xml
import sys


def format_json(data):
    return str(data)


def format_xml(data):
    return f"<x>{data}</x>"


print(getattr(sys.modules[__name__], "format_json")({}))
