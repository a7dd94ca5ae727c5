# expect imports: os, sys
import json
import os
import sys

print(json.dumps({}))
