# expect methods: _unused_helper
import ast


class CallCounter(ast.NodeVisitor):
    def __init__(self):
        self.calls = 0

    def visit_Call(self, node):
        self.calls += 1
        self.generic_visit(node)

    def _unused_helper(self):
        return self.calls


counter = CallCounter()
counter.visit(ast.parse("f(g())"))
print(counter.calls)
