"""Hand-placed mistakes in real projects' source files, repaired by ``nca fix``: ``python -m benchmarks.mistakes``."""
