# expect imports: os
import os

from pkg.core import compute
