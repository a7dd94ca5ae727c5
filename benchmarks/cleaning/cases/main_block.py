# expect functions: _old_main
import argparse


def main(argv=None):
    parser = argparse.ArgumentParser()
    return parser.parse_args(argv)


def _old_main():
    return 0


if __name__ == "__main__":
    args = main()
    code = 0
