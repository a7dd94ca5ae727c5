# expect nothing
def serve():
    while True:
        pass
    print("stopped")  # <- unreachable


if input():
    serve()
