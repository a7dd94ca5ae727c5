# expect imports: np
import collections as c
import numpy as np

print(c.OrderedDict())
