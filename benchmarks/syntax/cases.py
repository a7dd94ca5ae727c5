"""Realistic broken snippets, each with the fix its author meant.

Short pieces of everyday code broken the ways people break them while typing: a forgotten
colon or bracket, a Python 2 habit, a stray character pasted from a web page. The held-out
sets that were used to change the rules join them from their own modules (tenth, eleventh,
twelfth, thirteenth, fourteenth).
"""

from benchmarks.syntax.eleventh import ELEVENTH
from benchmarks.syntax.fourteenth import FOURTEENTH
from benchmarks.syntax.tenth import TENTH
from benchmarks.syntax.thirteenth import THIRTEENTH
from benchmarks.syntax.twelfth import TWELFTH

CASES: list[tuple[str, str, str]] = [
    # (name, broken, intended)
    ("def-colon", "def greet(name)\n    return f'hi {name}'\n",
     "def greet(name):\n    return f'hi {name}'\n"),
    ("if-colon", "if user.is_admin\n    grant(user)\n", "if user.is_admin:\n    grant(user)\n"),
    ("elif-colon", "if x > 0:\n    s = 1\nelif x < 0\n    s = -1\nelse:\n    s = 0\n",
     "if x > 0:\n    s = 1\nelif x < 0:\n    s = -1\nelse:\n    s = 0\n"),
    ("else-colon", "if ok:\n    run()\nelse\n    stop()\n", "if ok:\n    run()\nelse:\n    stop()\n"),
    ("for-colon", "for i in range(10)\n    total += i\n", "for i in range(10):\n    total += i\n"),
    ("while-colon", "while queue\n    item = queue.pop()\n",
     "while queue:\n    item = queue.pop()\n"),
    ("class-colon", "class Point\n    x = 0\n    y = 0\n", "class Point:\n    x = 0\n    y = 0\n"),
    ("with-colon", "with open(path) as fh\n    data = fh.read()\n",
     "with open(path) as fh:\n    data = fh.read()\n"),
    ("try-colon", "try\n    value = int(text)\nexcept ValueError:\n    value = 0\n",
     "try:\n    value = int(text)\nexcept ValueError:\n    value = 0\n"),
    ("except-colon", "try:\n    value = int(text)\nexcept ValueError\n    value = 0\n",
     "try:\n    value = int(text)\nexcept ValueError:\n    value = 0\n"),
    ("multiline-def-colon",
     "def connect(host,\n            port=5432,\n            timeout=10)\n    return (host, port, timeout)\n",
     "def connect(host,\n            port=5432,\n            timeout=10):\n    return (host, port, timeout)\n"),
    ("call-paren", "print('total:', sum(values)\n", "print('total:', sum(values))\n"),
    ("nested-call-paren", "result = max(len(a), len(b)\nprint(result)\n",
     "result = max(len(a), len(b))\nprint(result)\n"),
    ("list-bracket", "names = ['ann', 'bob', 'cid'\nprint(names)\n",
     "names = ['ann', 'bob', 'cid']\nprint(names)\n"),
    ("dict-brace", "config = {'debug': True, 'level': 3\nrun(config)\n",
     "config = {'debug': True, 'level': 3}\nrun(config)\n"),
    ("multiline-list", "items = [\n    1,\n    2,\n    3,\n\nprint(items)\n",
     "items = [\n    1,\n    2,\n    3,\n]\nprint(items)\n"),
    ("extra-paren", "value = compute(a, b))\n", "value = compute(a, b)\n"),
    ("mismatched-bracket", "point = (1, 2]\n", "point = (1, 2)\n"),
    ("mismatched-call", "total = sum([1, 2, 3)]\n", "total = sum([1, 2, 3])\n"),
    ("list-comma", "primes = [2, 3 5, 7]\n", "primes = [2, 3, 5, 7]\n"),
    ("call-comma", "draw(x y, color='red')\n", "draw(x, y, color='red')\n"),
    ("dict-comma", "ages = {'ann': 31 'bob': 42}\n", "ages = {'ann': 31, 'bob': 42}\n"),
    ("string-quote", "message = 'hello world\nprint(message)\n", "message = 'hello world'\nprint(message)\n"),
    ("string-double-quote", 'title = "Report\nprint(title)\n', 'title = "Report"\nprint(title)\n'),
    ("print-statement", "print 'hello'\n", "print('hello')\n"),
    ("print-statement-name", "name = 'x'\nprint name\n", "name = 'x'\nprint(name)\n"),
    ("except-comma", "try:\n    run()\nexcept ValueError, err:\n    log(err)\n",
     "try:\n    run()\nexcept ValueError as err:\n    log(err)\n"),
    ("assign-in-if", "count = len(items)\nif count = 0:\n    reset()\n",
     "count = len(items)\nif count == 0:\n    reset()\n"),
    ("assign-in-while", "status = poll()\nwhile status = 'running':\n    status = step()\n",
     "status = poll()\nwhile status == 'running':\n    status = step()\n"),
    ("smart-quotes", "greeting = \u201chello\u201d\n", "greeting = \"hello\"\n"),
    ("nbsp", "total = a +\u00a0b\n", "total = a + b\n"),
    ("unexpected-indent", "x = 1\n    y = 2\nprint(x, y)\n", "x = 1\ny = 2\nprint(x, y)\n"),
    ("missing-body-indent", "def area(w, h):\nreturn w * h\n", "def area(w, h):\n    return w * h\n"),
    ("missing-body-if", "if ready:\nstart()\n", "if ready:\n    start()\n"),
    ("partial-dedent", "def f(x):\n    if x:\n        y = 1\n      return y\n",
     "def f(x):\n    if x:\n        y = 1\n    return y\n"),
    ("tab-mix", "def f(x):\n    y = x\n\treturn y\n", "def f(x):\n    y = x\n    return y\n"),
    ("lambda-colon", "key = lambda item item[1]\n", "key = lambda item: item[1]\n"),
    ("dict-colon", "d = {'a' 1}\n", "d = {'a': 1}\n"),
    ("method-colon", "class A:\n    def run(self)\n        return 1\n",
     "class A:\n    def run(self):\n        return 1\n"),
    ("fstring-brace", "label = f'{name'\n", "label = f'{name}'\n"),
    ("return-paren", "def f(a, b):\n    return (a + b\n", "def f(a, b):\n    return (a + b)\n"),
    ("import-comma", "from os import path sep\n", "from os import path, sep\n"),
    # Longer snippets, first held out: their first run (before the rules for other languages'
    # habits and the vote's view of a snippet's free names) repaired 35/40 within 4 token
    # edits, 34/40 as meant; they were then used to change the rules, so they count here.
    ("script-paren-next-line",
     "import random\n\nnumber = random.randint(1, 10)\nguess = int(input('Guess: ')\n"
     "if guess == number:\n    print('You win')\nelse:\n    print('Try again')\n",
     "import random\n\nnumber = random.randint(1, 10)\nguess = int(input('Guess: '))\n"
     "if guess == number:\n    print('You win')\nelse:\n    print('Try again')\n"),
    ("else-if",
     "def grade(score):\n    if score >= 90:\n        return 'A'\n    else if score >= 80:\n"
     "        return 'B'\n    else:\n        return 'C'\n",
     "def grade(score):\n    if score >= 90:\n        return 'A'\n    elif score >= 80:\n"
     "        return 'B'\n    else:\n        return 'C'\n"),
    ("apostrophe-in-string",
     "def greet(name):\n    print('Hello ' + name + ', it's nice to see you')\n\ngreet('Ann')\n",
     "def greet(name):\n    print(\"Hello \" + name + \", it's nice to see you\")\n\ngreet('Ann')\n"),
    ("dict-missing-comma-multiline",
     "settings = {\n    'host': 'localhost',\n    'port': 8080\n    'debug': True,\n}\n"
     "print(settings)\n",
     "settings = {\n    'host': 'localhost',\n    'port': 8080,\n    'debug': True,\n}\n"
     "print(settings)\n"),
    ("class-base-colon",
     "class Dog(Animal)\n    def speak(self):\n        return 'woof'\n",
     "class Dog(Animal):\n    def speak(self):\n        return 'woof'\n"),
    ("for-missing-in",
     "total = 0\nfor n range(1, 11):\n    total += n\nprint(total)\n",
     "total = 0\nfor n in range(1, 11):\n    total += n\nprint(total)\n"),
    ("def-no-parens",
     "def main:\n    print('start')\n\nmain()\n",
     "def main():\n    print('start')\n\nmain()\n"),
    ("if-paren-open",
     "x = int(input())\nif (x > 10:\n    print('big')\n",
     "x = int(input())\nif (x > 10):\n    print('big')\n"),
    ("while-misspelt",
     "count = 0\nwhlie count < 5:\n    print(count)\n    count += 1\n",
     "count = 0\nwhile count < 5:\n    print(count)\n    count += 1\n"),
    ("return-misspelt",
     "def double(x):\n    retrun x * 2\n\nprint(double(4))\n",
     "def double(x):\n    return x * 2\n\nprint(double(4))\n"),
    ("fstring-missing-brace",
     "total = 42\nprint(f\"Total: {total\")\n",
     "total = 42\nprint(f\"Total: {total}\")\n"),
    ("increment-operator",
     "i = 0\nwhile i < 3:\n    print(i)\n    i++\n",
     "i = 0\nwhile i < 3:\n    print(i)\n    i += 1\n"),
    ("dict-equals",
     "user = {'name'= 'ann', 'age'= 31}\nprint(user)\n",
     "user = {'name': 'ann', 'age': 31}\nprint(user)\n"),
    ("print-py2-format",
     "name = 'world'\nprint \"Hello, %s\" % name\n",
     "name = 'world'\nprint(\"Hello, %s\" % name)\n"),
    ("except-py2-tuple",
     "import json\n\ntry:\n    data = json.loads(text)\nexcept ValueError, e:\n"
     "    print('bad json', e)\n",
     "import json\n\ntry:\n    data = json.loads(text)\nexcept ValueError as e:\n"
     "    print('bad json', e)\n"),
    ("list-extra-bracket",
     "matrix = [[1, 2], [3, 4]]]\nprint(matrix[0][1])\n",
     "matrix = [[1, 2], [3, 4]]\nprint(matrix[0][1])\n"),
    ("index-extra-bracket",
     "names = ['a', 'b']\nfirst = names[0]]\nprint(first)\n",
     "names = ['a', 'b']\nfirst = names[0]\nprint(first)\n"),
    ("method-call-paren-in-loop",
     "lines = []\nwith open('data.txt') as f:\n    for line in f:\n"
     "        lines.append(line.strip()\nprint(len(lines))\n",
     "lines = []\nwith open('data.txt') as f:\n    for line in f:\n"
     "        lines.append(line.strip())\nprint(len(lines))\n"),
    ("lambda-return",
     "square = lambda x: return x * x\nprint(square(3))\n",
     "square = lambda x: x * x\nprint(square(3))\n"),
    ("elif-colon-in-function",
     "def sign(n):\n    if n > 0:\n        return 1\n    elif n < 0\n        return -1\n"
     "    return 0\n",
     "def sign(n):\n    if n > 0:\n        return 1\n    elif n < 0:\n        return -1\n"
     "    return 0\n"),
    ("unindented-for-body",
     "def show(items):\n    for item in items:\n    print(item)\n",
     "def show(items):\n    for item in items:\n        print(item)\n"),
    ("over-indented-line",
     "def area(r):\n    pi = 3.14159\n        return pi * r * r\n",
     "def area(r):\n    pi = 3.14159\n    return pi * r * r\n"),
    ("unindent-mismatch",
     "def check(v):\n    if v:\n        print('yes')\n   print('done')\n",
     "def check(v):\n    if v:\n        print('yes')\n    print('done')\n"),
    ("call-missing-comma",
     "import os\npath = os.path.join(base 'data', 'file.csv')\n",
     "import os\npath = os.path.join(base, 'data', 'file.csv')\n"),
    ("def-params-missing-comma",
     "def add(a b):\n    return a + b\n",
     "def add(a, b):\n    return a + b\n"),
    ("with-open-colon",
     "with open('out.txt', 'w') as out\n    out.write('done')\n",
     "with open('out.txt', 'w') as out:\n    out.write('done')\n"),
    ("try-colon-script",
     "try\n    n = int(input('n: '))\nexcept ValueError:\n    n = 0\nprint(n)\n",
     "try:\n    n = int(input('n: '))\nexcept ValueError:\n    n = 0\nprint(n)\n"),
    ("comparison-assign-elif",
     "def kind(x):\n    if x == 0:\n        return 'zero'\n    elif x = 1:\n"
     "        return 'one'\n    return 'many'\n",
     "def kind(x):\n    if x == 0:\n        return 'zero'\n    elif x == 1:\n"
     "        return 'one'\n    return 'many'\n"),
    ("unclosed-list-multiline-call",
     "colors = ['red',\n          'green',\n          'blue'\nfor c in colors:\n    print(c)\n",
     "colors = ['red',\n          'green',\n          'blue']\nfor c in colors:\n    print(c)\n"),
    ("unclosed-tuple-return",
     "def bounds(values):\n    return (min(values), max(values)\n\nprint(bounds([3, 1, 2]))\n",
     "def bounds(values):\n    return (min(values), max(values))\n\nprint(bounds([3, 1, 2]))\n"),
    ("string-unclosed-double",
     "def banner():\n    return \"=== Report ===\n\nprint(banner())\n",
     "def banner():\n    return \"=== Report ===\"\n\nprint(banner())\n"),
    ("curly-quotes-call",
     "print(\u2018hello\u2019)\n",
     "print('hello')\n"),
    ("import-trailing-comma",
     "from math import sqrt, pi,\nprint(sqrt(pi))\n",
     "from math import sqrt, pi\nprint(sqrt(pi))\n"),
    ("keyword-in-misspelt",
     "for word inn words:\n    print(word)\n",
     "for word in words:\n    print(word)\n"),
    ("class-misspelt",
     "clas Counter:\n    def __init__(self):\n        self.n = 0\n",
     "class Counter:\n    def __init__(self):\n        self.n = 0\n"),
    ("import-misspelt",
     "improt sys\nprint(sys.argv)\n",
     "import sys\nprint(sys.argv)\n"),
    ("mismatched-close-in-call",
     "result = sorted(items, key=lambda p: (p.age, p.name])\n",
     "result = sorted(items, key=lambda p: (p.age, p.name))\n"),
    ("method-def-colon-typed",
     "class Stack:\n    def push(self, item: int) -> None\n        self.items.append(item)\n",
     "class Stack:\n    def push(self, item: int) -> None:\n        self.items.append(item)\n"),
    ("nested-dict-brace",
     "config = {'db': {'host': 'x', 'port': 5432}\nconnect(config)\n",
     "config = {'db': {'host': 'x', 'port': 5432}}\nconnect(config)\n"),
    ("async-def-colon",
     "import asyncio\n\nasync def main()\n    await asyncio.sleep(1)\n\nasyncio.run(main())\n",
     "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n\nasyncio.run(main())\n"),
    # The second held-out set: its first run repaired 32/32 within 4 token edits, 29/32 as
    # meant (an unclosed docstring closed at the end of the file, `raise` deleted from a
    # Python 2 raise); the fixes for those were written from it, so it counts here now.
    ("multiline-call-unclosed-before-def",
     "import logging\n\nlogging.basicConfig(level=logging.INFO,\n"
     "                    format='%(message)s'\n\ndef run():\n    logging.info('run')\n",
     "import logging\n\nlogging.basicConfig(level=logging.INFO,\n"
     "                    format='%(message)s')\n\ndef run():\n    logging.info('run')\n"),
    ("docstring-unclosed",
     "def area(w, h):\n    \"\"\"Return the area.\n    return w * h\n\n\nprint(area(2, 3))\n",
     "def area(w, h):\n    \"\"\"Return the area.\"\"\"\n    return w * h\n\n\nprint(area(2, 3))\n"),
    ("init-colon",
     "class Person:\n    def __init__(self, name, age)\n        self.name = name\n"
     "        self.age = age\n",
     "class Person:\n    def __init__(self, name, age):\n        self.name = name\n"
     "        self.age = age\n"),
    ("comprehension-unclosed",
     "values = [-2, 5, -1]\nclean = [v if v > 0 else 0 for v in values\nprint(clean)\n",
     "values = [-2, 5, -1]\nclean = [v if v > 0 else 0 for v in values]\nprint(clean)\n"),
    ("print-missing-comma",
     "total = 10\nprint(\"Total:\" total)\n",
     "total = 10\nprint(\"Total:\", total)\n"),
    ("return-with-colon",
     "def half(x):\n    return x / 2:\n",
     "def half(x):\n    return x / 2\n"),
    ("while-paren-colon",
     "i = 0\nwhile (i < 10)\n    i += 1\n",
     "i = 0\nwhile (i < 10):\n    i += 1\n"),
    ("assignment-extra-colon",
     "limit = 5:\nprint(limit)\n",
     "limit = 5\nprint(limit)\n"),
    ("py2-print-many",
     "a, b = 1, 2\nprint \"a =\", a, \"b =\", b\n",
     "a, b = 1, 2\nprint(\"a =\", a, \"b =\", b)\n"),
    ("py2-raise",
     "def check(x):\n    if x < 0:\n        raise ValueError, \"negative\"\n    return x\n",
     "def check(x):\n    if x < 0:\n        raise ValueError(\"negative\")\n    return x\n"),
    ("except-tuple-colon",
     "try:\n    value = int(raw)\nexcept (TypeError, ValueError) as err\n    value = None\n",
     "try:\n    value = int(raw)\nexcept (TypeError, ValueError) as err:\n    value = None\n"),
    ("method-body-unindented",
     "class Foo:\n    def bar(self):\n    return 42\n",
     "class Foo:\n    def bar(self):\n        return 42\n"),
    ("elseif",
     "x = 3\nif x == 1:\n    print('one')\nelseif x == 3:\n    print('three')\n",
     "x = 3\nif x == 1:\n    print('one')\nelif x == 3:\n    print('three')\n"),
    ("list-unclosed-eof",
     "def primes():\n    return [2, 3, 5, 7\n",
     "def primes():\n    return [2, 3, 5, 7]\n"),
    ("two-missing-colons",
     "def describe(x):\n    if x == 1\n        return 'one'\n    elif x == 2\n"
     "        return 'two'\n    return 'many'\n",
     "def describe(x):\n    if x == 1:\n        return 'one'\n    elif x == 2:\n"
     "        return 'two'\n    return 'many'\n"),
    ("fstring-format-spec-brace",
     "price = 3.14159\nprint(f\"Price: {price:.2f\")\n",
     "price = 3.14159\nprint(f\"Price: {price:.2f}\")\n"),
    ("dict-value-call-unclosed",
     "import os\n\nconfig = {\n    'home': os.path.expanduser('~'),\n"
     "    'cwd': os.getcwd(,\n}\nprint(config)\n",
     "import os\n\nconfig = {\n    'home': os.path.expanduser('~'),\n"
     "    'cwd': os.getcwd(),\n}\nprint(config)\n"),
    ("print-concat-unclosed-eof",
     "count = 3\nprint('count: ' + str(count)\n",
     "count = 3\nprint('count: ' + str(count))\n"),
    ("varargs-def-colon",
     "def log(*args, **kwargs)\n    print(*args, **kwargs)\n",
     "def log(*args, **kwargs):\n    print(*args, **kwargs)\n"),
    ("with-two-colon",
     "with open('a.txt') as src, open('b.txt', 'w') as dst\n    dst.write(src.read())\n",
     "with open('a.txt') as src, open('b.txt', 'w') as dst:\n    dst.write(src.read())\n"),
    ("multiline-args-missing-comma",
     "result = combine(first,\n                 second\n                 third)\n",
     "result = combine(first,\n                 second,\n                 third)\n"),
    ("if-extra-paren",
     "if (ready and loaded)):\n    start()\n",
     "if (ready and loaded):\n    start()\n"),
    ("async-with-colon",
     "async def work(lock):\n    async with lock\n        await step()\n",
     "async def work(lock):\n    async with lock:\n        await step()\n"),
    ("assert-unclosed-string",
     "def ok(x):\n    assert x > 0, \"x must be positive\n    return x\n",
     "def ok(x):\n    assert x > 0, \"x must be positive\"\n    return x\n"),
    ("set-mismatched",
     "seen = {1, 2, 3]\nprint(seen)\n",
     "seen = {1, 2, 3}\nprint(seen)\n"),
    ("default-args-missing-comma",
     "def connect(host, port=80 timeout=5):\n    return host, port, timeout\n",
     "def connect(host, port=80, timeout=5):\n    return host, port, timeout\n"),
    ("print-extra-paren",
     "items = [1, 2]\nprint(len(items)))\n",
     "items = [1, 2]\nprint(len(items))\n"),
    ("range-len-unclosed",
     "a = [4, 5, 6]\nfor i in range(len(a):\n    print(i, a[i])\n",
     "a = [4, 5, 6]\nfor i in range(len(a)):\n    print(i, a[i])\n"),
    ("nested-method-return-misspelt",
     "class Box:\n    def size(self):\n        retrun len(self.items)\n",
     "class Box:\n    def size(self):\n        return len(self.items)\n"),
    ("def-misspelt",
     "dfe square(x):\n    return x * x\n",
     "def square(x):\n    return x * x\n"),
    ("lambda-in-sort-colon",
     "pairs = [(1, 'b'), (2, 'a')]\npairs.sort(key=lambda p p[1])\nprint(pairs)\n",
     "pairs = [(1, 'b'), (2, 'a')]\npairs.sort(key=lambda p: p[1])\nprint(pairs)\n"),
    ("if-body-tab-space",
     "def f(x):\n    if x:\n        a = 1\n\tb = 2\n    return x\n",
     "def f(x):\n    if x:\n        a = 1\n        b = 2\n    return x\n"),
    # The third held-out set: its first run repaired 28/29 within 4 token edits, 25/29 as
    # meant (a line dedented into dead code after a return, quotes of the other kind, a key
    # that lost its quote, `x > 5 and < 10` with `<` deleted); counted here since.
    ("range-check-missing-operand",
     "x = 7\nif x > 5 and < 10:\n    print('in range')\n",
     "x = 7\nif x > 5 and x < 10:\n    print('in range')\n"),
    ("dict-key-unclosed-quote",
     "d = {'a: 1, 'b': 2}\nprint(d)\n",
     "d = {'a': 1, 'b': 2}\nprint(d)\n"),
    ("mismatched-quotes",
     "print(\"Hello World')\n",
     "print(\"Hello World\")\n"),
    ("module-line-unindent-mismatch",
     "def f(x):\n    return x\n  print(f(1))\n",
     "def f(x):\n    return x\nprint(f(1))\n"),
    ("tuple-unclosed-next-assign",
     "point = (1, 2, 3\nscale = 4\nprint(point, scale)\n",
     "point = (1, 2, 3)\nscale = 4\nprint(point, scale)\n"),
    ("for-colon-nested-if",
     "numbers = [1, 2, 3, 4, 5]\nfor n in numbers\n    if n % 2 == 0:\n        print(n)\n",
     "numbers = [1, 2, 3, 4, 5]\nfor n in numbers:\n    if n % 2 == 0:\n        print(n)\n"),
    ("while-body-unindented",
     "while True:\nbreak\n",
     "while True:\n    break\n"),
    ("print-end-unclosed-in-loop",
     "for i in range(3):\n    print(i, end=' '\nprint()\n",
     "for i in range(3):\n    print(i, end=' ')\nprint()\n"),
    ("append-unclosed-eof",
     "my_list = [1, 2, 3]\nmy_list.append(4\n",
     "my_list = [1, 2, 3]\nmy_list.append(4)\n"),
    ("dict-comprehension-colon",
     "pairs = [('a', 1), ('b', 2)]\nlookup = {k v for k, v in pairs}\n",
     "pairs = [('a', 1), ('b', 2)]\nlookup = {k: v for k, v in pairs}\n"),
    ("else-misindented",
     "x = 10\nif x > 5:\n    print('big')\n  else:\n    print('small')\n",
     "x = 10\nif x > 5:\n    print('big')\nelse:\n    print('small')\n"),
    ("finally-colon",
     "f = open('log.txt')\ntry:\n    f.write('x')\nfinally\n    f.close()\n",
     "f = open('log.txt')\ntry:\n    f.write('x')\nfinally:\n    f.close()\n"),
    ("retun-misspelt",
     "def total(items):\n    s = sum(items)\n    retun s\n",
     "def total(items):\n    s = sum(items)\n    return s\n"),
    ("fro-misspelt",
     "fro i in range(3):\n    print(i)\n",
     "for i in range(3):\n    print(i)\n"),
    ("form-import-misspelt",
     "form collections import Counter\nprint(Counter('aab'))\n",
     "from collections import Counter\nprint(Counter('aab'))\n"),
    ("fstring-conversion-brace",
     "name = 'ann'\nprint(f\"{name!r\")\n",
     "name = 'ann'\nprint(f\"{name!r}\")\n"),
    ("nested-call-one-paren-short",
     "x = -3\nprint(max(abs(x), 1)\n",
     "x = -3\nprint(max(abs(x), 1))\n"),
    ("call-extra-bracket",
     "import json\ndata = json.loads('[1]')]\nprint(data)\n",
     "import json\ndata = json.loads('[1]')\nprint(data)\n"),
    ("dunder-str-colon",
     "class Tag:\n    def __init__(self, name):\n        self.name = name\n\n"
     "    def __str__(self) -> str\n        return self.name\n",
     "class Tag:\n    def __init__(self, name):\n        self.name = name\n\n"
     "    def __str__(self) -> str:\n        return self.name\n"),
    ("with-body-unindented",
     "with open('a.txt') as f:\ndata = f.read()\nprint(len(data))\n",
     "with open('a.txt') as f:\n    data = f.read()\nprint(len(data))\n"),
    ("lambda-extra-paren",
     "add = lambda x, y: x + y)\nprint(add(1, 2))\n",
     "add = lambda x, y: x + y\nprint(add(1, 2))\n"),
    ("multiline-list-missing-comma",
     "values = [\n    10,\n    20\n    30,\n]\nprint(sum(values))\n",
     "values = [\n    10,\n    20,\n    30,\n]\nprint(sum(values))\n"),
    ("main-guard-colon",
     "def main():\n    print('hi')\n\nif __name__ == '__main__'\n    main()\n",
     "def main():\n    print('hi')\n\nif __name__ == '__main__':\n    main()\n"),
    ("fstring-unclosed-quote",
     "name = 'bo'\nprint(f\"Hello {name})\n",
     "name = 'bo'\nprint(f\"Hello {name}\")\n"),
    ("two-errors-apart",
     "def first(items)\n    return items[0]\n\n\ndef last(items):\n    return items[-1\n",
     "def first(items):\n    return items[0]\n\n\ndef last(items):\n    return items[-1]\n"),
    ("elif-after-else-order",
     "def sign(n):\n    if n > 0:\n        return 1\n    elif n == 0\n        return 0\n"
     "    else:\n        return -1\n",
     "def sign(n):\n    if n > 0:\n        return 1\n    elif n == 0:\n        return 0\n"
     "    else:\n        return -1\n"),
    ("and-operator-habit",
     "a, b = True, False\nif a && b:\n    print('both')\n",
     "a, b = True, False\nif a and b:\n    print('both')\n"),
    ("class-method-missing-self-colon",
     "class Counter:\n    count = 0\n    def inc(self)\n        self.count += 1\n",
     "class Counter:\n    count = 0\n    def inc(self):\n        self.count += 1\n"),
    ("print-py2-in-function",
     "def report(n):\n    print \"processed\", n, \"rows\"\n\nreport(3)\n",
     "def report(n):\n    print(\"processed\", n, \"rows\")\n\nreport(3)\n"),
    # The fourth held-out set: its first run repaired 19/20 within 4 token edits, 19/20 as
    # meant (`plot(x, y color=c)`: the comma refused, `plot` taken for a misspelt keyword).
    ("class-init-paren-unclosed",
     "class User:\n    def __init__(self, name:\n        self.name = name\n",
     "class User:\n    def __init__(self, name):\n        self.name = name\n"),
    ("input-int-unclosed-then-if",
     "age = int(input('Age: ')\nif age >= 18:\n    print('adult')\n",
     "age = int(input('Age: '))\nif age >= 18:\n    print('adult')\n"),
    ("dict-get-extra-paren",
     "conf = {'a': 1}\nvalue = conf.get('a', 0))\nprint(value)\n",
     "conf = {'a': 1}\nvalue = conf.get('a', 0)\nprint(value)\n"),
    ("elif-missing-colon-loop",
     "for n in range(5):\n    if n == 0:\n        continue\n    elif n == 3\n        break\n"
     "    print(n)\n",
     "for n in range(5):\n    if n == 0:\n        continue\n    elif n == 3:\n        break\n"
     "    print(n)\n"),
    ("py2-print-percent-tuple",
     "x, y = 1, 2\nprint \"%d and %d\" % (x, y)\n",
     "x, y = 1, 2\nprint(\"%d and %d\" % (x, y))\n"),
    ("return-list-unclosed-in-method",
     "class Repo:\n    def names(self):\n        return [item.name for item in self.items\n\n"
     "    def size(self):\n        return len(self.items)\n",
     "class Repo:\n    def names(self):\n        return [item.name for item in self.items]\n\n"
     "    def size(self):\n        return len(self.items)\n"),
    ("string-unclosed-in-list",
     "fruits = ['apple', 'banana, 'cherry']\nprint(fruits)\n",
     "fruits = ['apple', 'banana', 'cherry']\nprint(fruits)\n"),
    ("if-else-inline-colon",
     "n = 4\nif n % 2 == 0 print('even')\n",
     "n = 4\nif n % 2 == 0: print('even')\n"),
    ("def-body-missing-entirely-indent",
     "def hello():\nprint('hello')\n\nhello()\n",
     "def hello():\n    print('hello')\n\nhello()\n"),
    ("for-enumerate-colon",
     "names = ['a', 'b']\nfor i, name in enumerate(names)\n    print(i, name)\n",
     "names = ['a', 'b']\nfor i, name in enumerate(names):\n    print(i, name)\n"),
    ("or-operator-habit",
     "x = 0\nif x == 0 || x == 1:\n    print('small')\n",
     "x = 0\nif x == 0 or x == 1:\n    print('small')\n"),
    ("not-operator-habit",
     "found = False\nif !found:\n    print('missing')\n",
     "found = False\nif not found:\n    print('missing')\n"),
    ("call-kwargs-missing-comma",
     "plot(x, y color='red', linewidth=2)\n",
     "plot(x, y, color='red', linewidth=2)\n"),
    ("return-tuple-misspelt-keyword",
     "def minmax(a):\n    reutrn min(a), max(a)\n",
     "def minmax(a):\n    return min(a), max(a)\n"),
    ("while-misspelt-whlie-nested",
     "def countdown(n):\n    whiel n > 0:\n        print(n)\n        n -= 1\n",
     "def countdown(n):\n    while n > 0:\n        print(n)\n        n -= 1\n"),
    ("decrement-habit",
     "lives = 3\nlives--\nprint(lives)\n",
     "lives = 3\nlives -= 1\nprint(lives)\n"),
    ("nested-brackets-mismatch",
     "grid = [[0] * 3 for _ in range(3)\nprint(grid)\n",
     "grid = [[0] * 3 for _ in range(3)]\nprint(grid)\n"),
    ("except-bare-colon",
     "try:\n    risky()\nexcept\n    pass\n",
     "try:\n    risky()\nexcept:\n    pass\n"),
    ("fstring-nested-same-quotes-brace",
     "user = {'name': 'x'}\nprint(f\"Name: {user['name']\")\n",
     "user = {'name': 'x'}\nprint(f\"Name: {user['name']}\")\n"),
    ("docstring-unclosed-class",
     "class Point:\n    '''A point in the plane.\n\n    def __init__(self, x, y):\n"
     "        self.x = x\n        self.y = y\n",
     "class Point:\n    '''A point in the plane.'''\n\n    def __init__(self, x, y):\n"
     "        self.x = x\n        self.y = y\n"),
    # The fifth held-out set: its first run repaired 16/16 within 4 token edits, 16/16 as
    # meant; once used it was no longer held out, so it counts here now.
    ("concat-unclosed-eof",
     "result = 3\nprint(\"Result: \" + str(result)\n",
     "result = 3\nprint(\"Result: \" + str(result))\n"),
    ("def-params-unclosed",
     "def f(a, b:\n    return a + b\n",
     "def f(a, b):\n    return a + b\n"),
    ("plot-call-unclosed",
     "import matplotlib.pyplot as plt\nplt.plot(xs, ys\nplt.show()\n",
     "import matplotlib.pyplot as plt\nplt.plot(xs, ys)\nplt.show()\n"),
    ("map-split-paren-short",
     "numbers = list(map(int, input().split())\nprint(sum(numbers))\n",
     "numbers = list(map(int, input().split()))\nprint(sum(numbers))\n"),
    ("for-else-colon",
     "for n in range(2, 10):\n    if n % 7 == 0:\n        break\nelse\n    n = None\n",
     "for n in range(2, 10):\n    if n % 7 == 0:\n        break\nelse:\n    n = None\n"),
    ("init-body-unindented",
     "class Node:\n    def __init__(self, val, next=None):\n    self.val = val\n",
     "class Node:\n    def __init__(self, val, next=None):\n        self.val = val\n"),
    ("dict-list-unclosed",
     "data = {\n    'a': [1, 2,\n    'b': 3,\n}\n",
     "data = {\n    'a': [1, 2],\n    'b': 3,\n}\n"),
    ("loop-print-extra-paren",
     "for w in ['x', 'y']:\n    print(w))\n",
     "for w in ['x', 'y']:\n    print(w)\n"),
    ("sum-comprehension-mismatch",
     "total = sum([x ** 2 for x in range(10))\nprint(total)\n",
     "total = sum([x ** 2 for x in range(10)])\nprint(total)\n"),
    ("except-body-unindented",
     "try:\n    x = int('a')\nexcept ValueError as e:\nprint(e)\n",
     "try:\n    x = int('a')\nexcept ValueError as e:\n    print(e)\n"),
    ("default-arg-def-colon",
     "def greet(name='World')\n    print('Hello', name)\n",
     "def greet(name='World'):\n    print('Hello', name)\n"),
    ("both-positive-habit",
     "a, b = 1, 2\nif a >= 0 && b >= 0:\n    print('ok')\n",
     "a, b = 1, 2\nif a >= 0 and b >= 0:\n    print('ok')\n"),
    ("string-unclosed-next-print",
     "s = \"abc\nprint(s)\n",
     "s = \"abc\"\nprint(s)\n"),
    ("async-def-url-colon",
     "async def fetch(url)\n    return url\n",
     "async def fetch(url):\n    return url\n"),
    ("items-loop-colon",
     "d = {'k': 1}\nfor key, value in d.items()\n    print(key, value)\n",
     "d = {'k': 1}\nfor key, value in d.items():\n    print(key, value)\n"),
    ("double-comma",
     "lst = [1, 2, 3,, 4]\nprint(lst)\n",
     "lst = [1, 2, 3, 4]\nprint(lst)\n"),
    # The sixth held-out set: its first run repaired 15/20 within 4 token edits, 12/20 as
    # meant; the fixes for its misses were written from it, so it counts here now.
    ("menu-choice-assign-compare",
     "balance = 100.0\nwhile True:\n    choice = input(\"(d)eposit, (w)ithdraw, (q)uit: \")\n"
     "    if choice = \"q\":\n        break\n    amount = float(input(\"Amount: \"))\n"
     "    if choice == \"d\":\n        balance += amount\n    else:\n        balance -= amount\n"
     "    print(f\"Balance: {balance:.2f}\")\n",
     "balance = 100.0\nwhile True:\n    choice = input(\"(d)eposit, (w)ithdraw, (q)uit: \")\n"
     "    if choice == \"q\":\n        break\n    amount = float(input(\"Amount: \"))\n"
     "    if choice == \"d\":\n        balance += amount\n    else:\n        balance -= amount\n"
     "    print(f\"Balance: {balance:.2f}\")\n"),
    ("fahrenheit-missing-plus",
     "def to_fahrenheit(celsius):\n    return celsius * 9 / 5 32\n\ntemps = [0, 37, 100]\n"
     "for t in temps:\n    print(t, \"C =\", to_fahrenheit(t), \"F\")\n",
     "def to_fahrenheit(celsius):\n    return celsius * 9 / 5 + 32\n\ntemps = [0, 37, 100]\n"
     "for t in temps:\n    print(t, \"C =\", to_fahrenheit(t), \"F\")\n"),
    ("word-lengths-comprehension-in",
     "text = input(\"Enter a sentence: \")\nwords = text.split()\n"
     "lengths = [len(w) for w words]\nprint(\"Longest word has\", max(lengths), \"letters\")\n",
     "text = input(\"Enter a sentence: \")\nwords = text.split()\n"
     "lengths = [len(w) for w in words]\nprint(\"Longest word has\", max(lengths), \"letters\")\n"),
    ("api-params-dict-unclosed",
     "import requests\n\ndef fetch_user(user_id):\n    resp = requests.get(\n"
     "        f\"https://api.example.com/users/{user_id}\",\n        params={\"expand\": \"profile\"\n"
     "    )\n    return resp.json()\n",
     "import requests\n\ndef fetch_user(user_id):\n    resp = requests.get(\n"
     "        f\"https://api.example.com/users/{user_id}\",\n        params={\"expand\": \"profile\"}\n"
     "    )\n    return resp.json()\n"),
    ("flask-route-decorator-unclosed",
     "from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n"
     "@app.route(\"/items/<int:item_id>\", methods=[\"GET\"]\ndef get_item(item_id):\n"
     "    return jsonify({\"id\": item_id})\n",
     "from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n"
     "@app.route(\"/items/<int:item_id>\", methods=[\"GET\"])\ndef get_item(item_id):\n"
     "    return jsonify({\"id\": item_id})\n"),
    ("tkinter-label-kwargs-comma",
     "import tkinter as tk\n\nroot = tk.Tk()\nlabel = tk.Label(root,\n                 text=\"Hello\",\n"
     "                 font=(\"Arial\", 14)\n                 fg=\"blue\")\nlabel.pack()\nroot.mainloop()\n",
     "import tkinter as tk\n\nroot = tk.Tk()\nlabel = tk.Label(root,\n                 text=\"Hello\",\n"
     "                 font=(\"Arial\", 14),\n                 fg=\"blue\")\nlabel.pack()\nroot.mainloop()\n"),
    ("pandas-column-mixed-quotes",
     "import pandas as pd\n\ndf = pd.read_csv(\"orders.csv\")\n"
     "df[\"total'] = df[\"price\"] * df[\"quantity\"]\nprint(df.head())\n",
     "import pandas as pd\n\ndf = pd.read_csv(\"orders.csv\")\n"
     "df[\"total\"] = df[\"price\"] * df[\"quantity\"]\nprint(df.head())\n"),
    ("log-scan-py2-print-concat",
     "with open(\"log.txt\") as f:\n    for i, line in enumerate(f):\n        if \"ERROR\" in line:\n"
     "            print \"Line \" + str(i) + \": \" + line.strip()\n",
     "with open(\"log.txt\") as f:\n    for i, line in enumerate(f):\n        if \"ERROR\" in line:\n"
     "            print(\"Line \" + str(i) + \": \" + line.strip())\n"),
    ("config-load-except-comma",
     "import json\n\ndef load_config(path):\n    try:\n        with open(path) as fh:\n"
     "            return json.load(fh)\n    except Exception, e:\n"
     "        print(\"Could not load config:\", e)\n        return {}\n",
     "import json\n\ndef load_config(path):\n    try:\n        with open(path) as fh:\n"
     "            return json.load(fh)\n    except Exception as e:\n"
     "        print(\"Could not load config:\", e)\n        return {}\n"),
    ("temperature-else-misspelt-esle",
     "temp = float(input(\"Temperature in C: \"))\nif temp > 30:\n    print(\"It's hot\")\n"
     "esle:\n    print(\"It's fine\")\n",
     "temp = float(input(\"Temperature in C: \"))\nif temp > 30:\n    print(\"It's hot\")\n"
     "else:\n    print(\"It's fine\")\n"),
    ("parity-ternary-habit",
     "def describe(n):\n    label = n % 2 == 0 ? \"even\" : \"odd\"\n    return label\n\n"
     "print(describe(7))\n",
     "def describe(n):\n    label = \"even\" if n % 2 == 0 else \"odd\"\n    return label\n\n"
     "print(describe(7))\n"),
    ("sql-query-triple-quote-short",
     "import sqlite3\n\nconn = sqlite3.connect(\"shop.db\")\nquery = \"\"\"\n    SELECT name, price\n"
     "    FROM products\n    WHERE price > 10\n\"\"\nrows = conn.execute(query).fetchall()\nprint(rows)\n",
     "import sqlite3\n\nconn = sqlite3.connect(\"shop.db\")\nquery = \"\"\"\n    SELECT name, price\n"
     "    FROM products\n    WHERE price > 10\n\"\"\"\nrows = conn.execute(query).fetchall()\nprint(rows)\n"),
    ("csv-field-append-dedent",
     "def parse_csv_line(line):\n    fields = line.split(\",\")\n    cleaned = []\n    for field in fields:\n"
     "        field = field.strip()\n      cleaned.append(field)\n    return cleaned\n",
     "def parse_csv_line(line):\n    fields = line.split(\",\")\n    cleaned = []\n    for field in fields:\n"
     "        field = field.strip()\n        cleaned.append(field)\n    return cleaned\n"),
    ("students-list-unclosed-before-def",
     "students = [\n    {\"name\": \"Ana\", \"grade\": 91},\n    {\"name\": \"Ben\", \"grade\": 78},\n"
     "    {\"name\": \"Cai\", \"grade\": 85},\n\ndef top_student(records):\n"
     "    return max(records, key=lambda r: r[\"grade\"])\n\nprint(top_student(students)[\"name\"])\n",
     "students = [\n    {\"name\": \"Ana\", \"grade\": 91},\n    {\"name\": \"Ben\", \"grade\": 78},\n"
     "    {\"name\": \"Cai\", \"grade\": 85},\n]\n\ndef top_student(records):\n"
     "    return max(records, key=lambda r: r[\"grade\"])\n\nprint(top_student(students)[\"name\"])\n"),
    ("average-print-missing-comma",
     "grades = [88, 92, 79]\navg = sum(grades) / len(grades)\nprint(\"Average:\" round(avg, 1))\n",
     "grades = [88, 92, 79]\navg = sum(grades) / len(grades)\nprint(\"Average:\", round(avg, 1))\n"),
    ("method-annotation-paren-before-arrow",
     "class Account:\n    def __init__(self, balance: float = 0.0) -> None:\n        self.balance = balance\n\n"
     "    def withdraw(self, amount: float -> None:\n        if amount > self.balance:\n"
     "            raise ValueError(\"insufficient funds\")\n        self.balance -= amount\n",
     "class Account:\n    def __init__(self, balance: float = 0.0) -> None:\n        self.balance = balance\n\n"
     "    def withdraw(self, amount: float) -> None:\n        if amount > self.balance:\n"
     "            raise ValueError(\"insufficient funds\")\n        self.balance -= amount\n"),
    ("pandas-apply-lambda-arrow",
     "import pandas as pd\n\ndf = pd.DataFrame({\"price\": [10, 20, 30]})\n"
     "df[\"with_vat\"] = df[\"price\"].apply(lambda p => p * 1.2)\nprint(df)\n",
     "import pandas as pd\n\ndf = pd.DataFrame({\"price\": [10, 20, 30]})\n"
     "df[\"with_vat\"] = df[\"price\"].apply(lambda p: p * 1.2)\nprint(df)\n"),
    ("greeting-fstring-extra-brace",
     "name = input(\"What's your name? \")\nage = int(input(\"How old are you? \"))\n"
     "print(f\"Hello {name}}, next year you'll be {age + 1}\")\n",
     "name = input(\"What's your name? \")\nage = int(input(\"How old are you? \"))\n"
     "print(f\"Hello {name}, next year you'll be {age + 1}\")\n"),
    ("inventory-for-colon-and-print-paren",
     "inventory = {\"apples\": 5, \"pears\": 0, \"plums\": 12}\nfor item, qty in inventory.items()\n"
     "    if qty == 0:\n        print(f\"{item} is out of stock\"\nprint(\"Check done\")\n",
     "inventory = {\"apples\": 5, \"pears\": 0, \"plums\": 12}\nfor item, qty in inventory.items():\n"
     "    if qty == 0:\n        print(f\"{item} is out of stock\")\nprint(\"Check done\")\n"),
    ("line-continuation-trailing-space",
     "price = 19.99\ntax = 0.2\ntotal = price + \\ \n        price * tax\nprint(total)\n",
     "price = 19.99\ntax = 0.2\ntotal = price + \\\n        price * tax\nprint(total)\n"),
    # The seventh held-out set: its first run repaired 14/20 within 4 token edits, 8/20 as
    # meant; the fixes for its misses were written from it, so it counts here now.
    ("dice-doubles-triple-equals-elif-colon",
     "import random\n\ndie1 = random.randint(1, 6)\ndie2 = random.randint(1, 6)\n"
     "print(\"You rolled\", die1, \"and\", die2)\nif die1 === die2:\n"
     "    print(\"Doubles! Roll again.\")\nelif die1 + die2 == 7\n    print(\"Lucky seven!\")\n"
     "else:\n    print(\"Total:\", die1 + die2)\n",
     "import random\n\ndie1 = random.randint(1, 6)\ndie2 = random.randint(1, 6)\n"
     "print(\"You rolled\", die1, \"and\", die2)\nif die1 == die2:\n"
     "    print(\"Doubles! Roll again.\")\nelif die1 + die2 == 7:\n    print(\"Lucky seven!\")\n"
     "else:\n    print(\"Total:\", die1 + die2)\n"),
    ("factorial-else-one-space-deep",
     "def factorial(n):\n    if n <= 1:\n        return 1\n     else:\n"
     "        return n * factorial(n - 1)\n\nprint(factorial(5))\n",
     "def factorial(n):\n    if n <= 1:\n        return 1\n    else:\n"
     "        return n * factorial(n - 1)\n\nprint(factorial(5))\n"),
    ("json-config-js-const",
     "import json\n\nconst DEFAULTS = {\"debug\": False, \"port\": 8000}\n\n"
     "def load_config(path):\n    with open(path) as f:\n        config = json.load(f)\n"
     "    return {**DEFAULTS, **config}\n\nprint(load_config(\"config.json\"))\n",
     "import json\n\nDEFAULTS = {\"debug\": False, \"port\": 8000}\n\ndef load_config(path):\n"
     "    with open(path) as f:\n        config = json.load(f)\n    return {**DEFAULTS, **config}\n"
     "\nprint(load_config(\"config.json\"))\n"),
    ("matplotlib-title-apostrophe",
     "import matplotlib.pyplot as plt\n\ndays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"]\n"
     "temps = [21, 23, 19, 24, 22]\nplt.plot(days, temps, marker=\"o\")\n"
     "plt.title('This week's temperatures')\nplt.ylabel(\"Celsius\")\nplt.show()\n",
     "import matplotlib.pyplot as plt\n\ndays = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"]\n"
     "temps = [21, 23, 19, 24, 22]\nplt.plot(days, temps, marker=\"o\")\n"
     "plt.title(\"This week's temperatures\")\nplt.ylabel(\"Celsius\")\nplt.show()\n"),
    ("django-view-py2-not-equal",
     "from django.http import HttpResponseNotAllowed\nfrom django.shortcuts import render\n\n"
     "def contact(request):\n    if request.method <> \"POST\":\n"
     "        return HttpResponseNotAllowed([\"POST\"])\n"
     "    name = request.POST.get(\"name\", \"\")\n"
     "    return render(request, \"thanks.html\", {\"name\": name})\n",
     "from django.http import HttpResponseNotAllowed\nfrom django.shortcuts import render\n\n"
     "def contact(request):\n    if request.method != \"POST\":\n"
     "        return HttpResponseNotAllowed([\"POST\"])\n"
     "    name = request.POST.get(\"name\", \"\")\n"
     "    return render(request, \"thanks.html\", {\"name\": name})\n"),
    ("discord-handler-asnyc-misspelt",
     "import discord\n\nclient = discord.Client(intents=discord.Intents.default())\n\n"
     "@client.event\nasnyc def on_message(message):\n"
     "    if message.content.startswith(\"!hello\"):\n"
     "        await message.channel.send(\"Hello!\")\n\nclient.run(\"TOKEN\")\n",
     "import discord\n\nclient = discord.Client(intents=discord.Intents.default())\n\n"
     "@client.event\nasync def on_message(message):\n"
     "    if message.content.startswith(\"!hello\"):\n"
     "        await message.channel.send(\"Hello!\")\n\nclient.run(\"TOKEN\")\n"),
    ("email-validator-function-keyword",
     "import re\n\nEMAIL_RE = re.compile(r\"^[\\w.+-]+@[\\w-]+\\.[\\w.]+$\")\n\n"
     "function is_valid(email):\n    return EMAIL_RE.match(email) is not None\n\n"
     "print(is_valid(\"ann@example.com\"))\n",
     "import re\n\nEMAIL_RE = re.compile(r\"^[\\w.+-]+@[\\w-]+\\.[\\w.]+$\")\n\n"
     "def is_valid(email):\n    return EMAIL_RE.match(email) is not None\n\n"
     "print(is_valid(\"ann@example.com\"))\n"),
    ("numpy-polynomial-implicit-multiply",
     "import numpy as np\n\nx = np.linspace(-5, 5, 11)\ny = 2 * x**2 + 3x - 5\n"
     "print(y.min(), y.max())\n",
     "import numpy as np\n\nx = np.linspace(-5, 5, 11)\ny = 2 * x**2 + 3 * x - 5\n"
     "print(y.min(), y.max())\n"),
    ("timing-decorator-single-star-kwargs",
     "import time\n\ndef timed(func):\n    def wrapper(*args, *kwargs):\n"
     "        start = time.perf_counter()\n        result = func(*args, **kwargs)\n"
     "        print(f\"{func.__name__} took {time.perf_counter() - start:.3f}s\")\n"
     "        return result\n    return wrapper\n",
     "import time\n\ndef timed(func):\n    def wrapper(*args, **kwargs):\n"
     "        start = time.perf_counter()\n        result = func(*args, **kwargs)\n"
     "        print(f\"{func.__name__} took {time.perf_counter() - start:.3f}s\")\n"
     "        return result\n    return wrapper\n"),
    ("fibonacci-generator-yeild",
     "def fibonacci(limit):\n    a, b = 0, 1\n    while a < limit:\n        yeild a\n"
     "        a, b = b, a + b\n\nfor n in fibonacci(100):\n    print(n)\n",
     "def fibonacci(limit):\n    a, b = 0, 1\n    while a < limit:\n        yield a\n"
     "        a, b = b, a + b\n\nfor n in fibonacci(100):\n    print(n)\n"),
    ("argparse-module-docstring-unclosed",
     "\"\"\"Resize every image in a folder.\n\nimport argparse\n\n"
     "parser = argparse.ArgumentParser(description=\"Resize images\")\n"
     "parser.add_argument(\"folder\")\nparser.add_argument(\"--width\", type=int, default=800)\n"
     "args = parser.parse_args()\nprint(args.folder, args.width)\n",
     "\"\"\"Resize every image in a folder.\"\"\"\n\nimport argparse\n\n"
     "parser = argparse.ArgumentParser(description=\"Resize images\")\n"
     "parser.add_argument(\"folder\")\nparser.add_argument(\"--width\", type=int, default=800)\n"
     "args = parser.parse_args()\nprint(args.folder, args.width)\n"),
    ("pygame-loop-js-comment",
     "import pygame\n\npygame.init()\nscreen = pygame.display.set_mode((640, 480))\n"
     "clock = pygame.time.Clock()\nrunning = True\nwhile running:\n"
     "    for event in pygame.event.get():\n        if event.type == pygame.QUIT:\n"
     "            running = False\n    screen.fill((0, 0, 0))\n    pygame.display.flip()\n"
     "    clock.tick(60) // limit to 60 fps\npygame.quit()\n",
     "import pygame\n\npygame.init()\nscreen = pygame.display.set_mode((640, 480))\n"
     "clock = pygame.time.Clock()\nrunning = True\nwhile running:\n"
     "    for event in pygame.event.get():\n        if event.type == pygame.QUIT:\n"
     "            running = False\n    screen.fill((0, 0, 0))\n    pygame.display.flip()\n"
     "    clock.tick(60)  # limit to 60 fps\npygame.quit()\n"),
    ("selenium-windows-driver-path",
     "from selenium import webdriver\n\n"
     "driver = webdriver.Chrome(\"C:\\Users\\me\\drivers\\chromedriver.exe\")\n"
     "driver.get(\"https://example.com\")\nprint(driver.title)\ndriver.quit()\n",
     "from selenium import webdriver\n\n"
     "driver = webdriver.Chrome(r\"C:\\Users\\me\\drivers\\chromedriver.exe\")\n"
     "driver.get(\"https://example.com\")\nprint(driver.title)\ndriver.quit()\n"),
    ("bs4-scraper-extra-quote",
     "import requests\nfrom bs4 import BeautifulSoup\n\n"
     "html = requests.get(\"https://example.com/product/42\").text\n"
     "soup = BeautifulSoup(html, \"html.parser\")\n"
     "price = soup.find(\"span\", class_=\"price\"\").text.strip()\nprint(price)\n",
     "import requests\nfrom bs4 import BeautifulSoup\n\n"
     "html = requests.get(\"https://example.com/product/42\").text\n"
     "soup = BeautifulSoup(html, \"html.parser\")\n"
     "price = soup.find(\"span\", class_=\"price\").text.strip()\nprint(price)\n"),
    ("telegram-send-positional-after-keyword",
     "import requests\n\nTOKEN = \"123:ABC\"\n"
     "URL = f\"https://api.telegram.org/bot{TOKEN}/sendMessage\"\n"
     "headers = {\"Content-Type\": \"application/json\"}\n\ndef send(chat_id, text):\n"
     "    payload = {\"chat_id\": chat_id, \"text\": text}\n"
     "    return requests.post(URL, json=payload, headers)\n",
     "import requests\n\nTOKEN = \"123:ABC\"\n"
     "URL = f\"https://api.telegram.org/bot{TOKEN}/sendMessage\"\n"
     "headers = {\"Content-Type\": \"application/json\"}\n\ndef send(chat_id, text):\n"
     "    payload = {\"chat_id\": chat_id, \"text\": text}\n"
     "    return requests.post(URL, json=payload, headers=headers)\n"),
    ("dataclass-call-colon-kwargs",
     "from dataclasses import dataclass\n\n@dataclass\nclass Product:\n    name: str\n"
     "    price: float\n    quantity: int = 1\n\npen = Product(name: \"Pen\", price: 1.5)\n"
     "print(pen.price * pen.quantity)\n",
     "from dataclasses import dataclass\n\n@dataclass\nclass Product:\n    name: str\n"
     "    price: float\n    quantity: int = 1\n\npen = Product(name=\"Pen\", price=1.5)\n"
     "print(pen.price * pen.quantity)\n"),
    ("weather-except-indented-into-try",
     "import requests\n\ndef get_temperature(city):\n"
     "    resp = requests.get(\"https://api.example.com/weather\", params={\"q\": city})\n"
     "    try:\n        return resp.json()[\"main\"][\"temp\"]\n        except KeyError:\n"
     "            return None\n\nprint(get_temperature(\"Oslo\"))\n",
     "import requests\n\ndef get_temperature(city):\n"
     "    resp = requests.get(\"https://api.example.com/weather\", params={\"q\": city})\n"
     "    try:\n        return resp.json()[\"main\"][\"temp\"]\n    except KeyError:\n"
     "        return None\n\nprint(get_temperature(\"Oslo\"))\n"),
    ("fizzbuzz-ruby-elsif",
     "for i in range(1, 16):\n    if i % 15 == 0:\n        print(\"FizzBuzz\")\n"
     "    elsif i % 3 == 0:\n        print(\"Fizz\")\n    elif i % 5 == 0:\n"
     "        print(\"Buzz\")\n    else:\n        print(i)\n",
     "for i in range(1, 16):\n    if i % 15 == 0:\n        print(\"FizzBuzz\")\n"
     "    elif i % 3 == 0:\n        print(\"Fizz\")\n    elif i % 5 == 0:\n"
     "        print(\"Buzz\")\n    else:\n        print(i)\n"),
    ("shopping-cart-method-braces",
     "class ShoppingCart:\n    def __init__(self):\n        self.items = {}\n\n"
     "    def add(self, name, price):\n        self.items[name] = price\n\n    def total(self) {\n"
     "        return sum(self.items.values())\n    }\n\ncart = ShoppingCart()\n"
     "cart.add(\"apple\", 0.5)\nprint(cart.total())\n",
     "class ShoppingCart:\n    def __init__(self):\n        self.items = {}\n\n"
     "    def add(self, name, price):\n        self.items[name] = price\n\n    def total(self):\n"
     "        return sum(self.items.values())\n\ncart = ShoppingCart()\ncart.add(\"apple\", 0.5)\n"
     "print(cart.total())\n"),
    ("asyncio-gather-star-list-unclosed",
     "import asyncio\n\nasync def worker(n):\n    await asyncio.sleep(0.1)\n    return n * 2\n\n"
     "async def main():\n    results = await asyncio.gather(*[worker(i) for i in range(5)]\n"
     "    print(results)\n\nasyncio.run(main())\n",
     "import asyncio\n\nasync def worker(n):\n    await asyncio.sleep(0.1)\n    return n * 2\n\n"
     "async def main():\n    results = await asyncio.gather(*[worker(i) for i in range(5)])\n"
     "    print(results)\n\nasyncio.run(main())\n"),
    # The eighth held-out set: its first run repaired 11/20 within 4 token edits, 5/20 as
    # meant; the fixes for its misses were written from it, so it counts here now.
    ("bs4-scraper-class-keyword-to-csv-closed-early",
     "import pandas as pd\nimport requests\nfrom bs4 import BeautifulSoup\n\n"
     "html = requests.get(\"https://example.com/books\").text\n"
     "soup = BeautifulSoup(html, \"html.parser\")\nrows = []\n"
     "for book in soup.find_all(\"article\", class=\"product\"):\n"
     "    title = book.h3.a[\"title\"]\n    price = book.find(\"p\", class_=\"price\").text\n"
     "    rows.append({\"title\": title, \"price\": price})\ndf = pd.DataFrame(rows)\n"
     "df.to_csv(\"books.csv\", index=False)\n          encoding=\"utf-8\")\n",
     "import pandas as pd\nimport requests\nfrom bs4 import BeautifulSoup\n\n"
     "html = requests.get(\"https://example.com/books\").text\n"
     "soup = BeautifulSoup(html, \"html.parser\")\nrows = []\n"
     "for book in soup.find_all(\"article\", class_=\"product\"):\n"
     "    title = book.h3.a[\"title\"]\n    price = book.find(\"p\", class_=\"price\").text\n"
     "    rows.append({\"title\": title, \"price\": price})\ndf = pd.DataFrame(rows)\n"
     "df.to_csv(\"books.csv\", index=False,\n          encoding=\"utf-8\")\n"),
    ("flask-route-decorator-trailing-colon",
     "from flask import Flask, jsonify, request\n\napp = Flask(__name__)\ntodos = []\n\n"
     "@app.route(\"/todos\", methods=[\"POST\"]):\ndef add_todo():\n"
     "    todos.append(request.get_json()[\"title\"])\n    return jsonify(todos), 201\n\n"
     "if __name__ == \"__main__\":\n    app.run(debug=True)\n",
     "from flask import Flask, jsonify, request\n\napp = Flask(__name__)\ntodos = []\n\n"
     "@app.route(\"/todos\", methods=[\"POST\"])\ndef add_todo():\n"
     "    todos.append(request.get_json()[\"title\"])\n    return jsonify(todos), 201\n\n"
     "if __name__ == \"__main__\":\n    app.run(debug=True)\n"),
    ("sklearn-epochs-fstring-brace-before-spec",
     "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import SGDClassifier\n"
     "from sklearn.model_selection import train_test_split\n\n"
     "X, y = load_iris(return_X_y=True)\n"
     "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)"
     "\n"
     "clf = SGDClassifier(random_state=0)\nfor epoch in range(20):\n"
     "    clf.partial_fit(X_train, y_train, classes=[0, 1, 2])\n"
     "    acc = clf.score(X_test, y_test)\n    print(f\"epoch {epoch}: accuracy {acc}:.3f}\")\n",
     "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import SGDClassifier\n"
     "from sklearn.model_selection import train_test_split\n\n"
     "X, y = load_iris(return_X_y=True)\n"
     "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)"
     "\n"
     "clf = SGDClassifier(random_state=0)\nfor epoch in range(20):\n"
     "    clf.partial_fit(X_train, y_train, classes=[0, 1, 2])\n"
     "    acc = clf.score(X_test, y_test)\n    print(f\"epoch {epoch}: accuracy {acc:.3f}\")\n"),
    ("csv-to-json-with-misspelt-wiht",
     "import csv\nimport json\n\ndef csv_to_json(csv_path, json_path):\n"
     "    with open(csv_path, newline=\"\") as f:\n        rows = list(csv.DictReader(f))\n"
     "    wiht open(json_path, \"w\") as out:\n        json.dump(rows, out, indent=2)\n"
     "    return len(rows)\n\n"
     "print(csv_to_json(\"people.csv\", \"people.json\"), \"rows written\")\n",
     "import csv\nimport json\n\ndef csv_to_json(csv_path, json_path):\n"
     "    with open(csv_path, newline=\"\") as f:\n        rows = list(csv.DictReader(f))\n"
     "    with open(json_path, \"w\") as out:\n        json.dump(rows, out, indent=2)\n"
     "    return len(rows)\n\n"
     "print(csv_to_json(\"people.csv\", \"people.json\"), \"rows written\")\n"),
    ("tictactoe-board-row-missing-open-bracket",
     "board = [\n    [\" \", \" \", \" \"],\n    \" \", \" \", \" \"],\n"
     "    [\" \", \" \", \" \"],\n]\n\ndef show(board):\n    for row in board:\n"
     "        print(\"|\".join(row))\n        print(\"-\" * 5)\n\nshow(board)\n",
     "board = [\n    [\" \", \" \", \" \"],\n    [\" \", \" \", \" \"],\n"
     "    [\" \", \" \", \" \"],\n]\n\ndef show(board):\n    for row in board:\n"
     "        print(\"|\".join(row))\n        print(\"-\" * 5)\n\nshow(board)\n"),
    ("stack-class-java-new",
     "class Stack:\n    def __init__(self):\n        self.items = []\n\n"
     "    def push(self, item):\n        self.items.append(item)\n\n    def pop(self):\n"
     "        return self.items.pop()\n\ns = new Stack()\ns.push(\"a\")\ns.push(\"b\")\n"
     "print(s.pop())\n",
     "class Stack:\n    def __init__(self):\n        self.items = []\n\n"
     "    def push(self, item):\n        self.items.append(item)\n\n    def pop(self):\n"
     "        return self.items.pop()\n\ns = Stack()\ns.push(\"a\")\ns.push(\"b\")\n"
     "print(s.pop())\n"),
    ("binary-search-return-after-loop-dedent",
     "def binary_search(items, target):\n    low, high = 0, len(items) - 1\n"
     "    while low <= high:\n        mid = (low + high) // 2\n"
     "        if items[mid] == target:\n            return mid\n"
     "        elif items[mid] < target:\n            low = mid + 1\n        else:\n"
     "            high = mid - 1\n  return -1\n\nprint(binary_search([1, 3, 5, 7, 9, 11], 7))\n",
     "def binary_search(items, target):\n    low, high = 0, len(items) - 1\n"
     "    while low <= high:\n        mid = (low + high) // 2\n"
     "        if items[mid] == target:\n            return mid\n"
     "        elif items[mid] < target:\n            low = mid + 1\n        else:\n"
     "            high = mid - 1\n    return -1\n\n"
     "print(binary_search([1, 3, 5, 7, 9, 11], 7))\n"),
    ("prime-sieve-comprehension-filter-assign",
     "def sieve(n):\n    is_prime = [True] * (n + 1)\n    is_prime[0] = is_prime[1] = False\n"
     "    for i in range(2, int(n ** 0.5) + 1):\n        if is_prime[i]:\n"
     "            for j in range(i * i, n + 1, i):\n                is_prime[j] = False\n"
     "    return [i for i in range(n + 1) if is_prime[i] = True]\n\nprint(sieve(50))\n",
     "def sieve(n):\n    is_prime = [True] * (n + 1)\n    is_prime[0] = is_prime[1] = False\n"
     "    for i in range(2, int(n ** 0.5) + 1):\n        if is_prime[i]:\n"
     "            for j in range(i * i, n + 1, i):\n                is_prime[j] = False\n"
     "    return [i for i in range(n + 1) if is_prime[i] == True]\n\nprint(sieve(50))\n"),
    ("password-markdown-backtick-and-range-slice",
     "import random\nimport string\n\ndef make_password(length=12):\n"
     "    chars = string.ascii_letters + string.digits + \"!@#$%&*\"\n"
     "    return \"\".join(random.choice(chars) for _ in range(length))`\n\n"
     "password = make_password(16)\nprint(\"Starts with\", password[0..4])\n",
     "import random\nimport string\n\ndef make_password(length=12):\n"
     "    chars = string.ascii_letters + string.digits + \"!@#$%&*\"\n"
     "    return \"\".join(random.choice(chars) for _ in range(length))\n\n"
     "password = make_password(16)\nprint(\"Starts with\", password[0:4])\n"),
    ("unit-converter-dict-comprehension-comma",
     "TO_METERS = {\"mm\": 0.001, \"cm\": 0.01, \"m\": 1.0, \"km\": 1000.0, \"in\": 0.0254, \"ft"
     "\": 0.3048}\n"
     "FROM_METERS = {unit, 1 / factor for unit, factor in TO_METERS.items()}\n\n"
     "def convert(value, src, dst):\n    return value * TO_METERS[src] * FROM_METERS[dst]\n\n"
     "print(convert(6, \"ft\", \"cm\"))\n",
     "TO_METERS = {\"mm\": 0.001, \"cm\": 0.01, \"m\": 1.0, \"km\": 1000.0, \"in\": 0.0254, \"ft"
     "\": 0.3048}\n"
     "FROM_METERS = {unit: 1 / factor for unit, factor in TO_METERS.items()}\n\n"
     "def convert(value, src, dst):\n    return value * TO_METERS[src] * FROM_METERS[dst]\n\n"
     "print(convert(6, \"ft\", \"cm\"))\n"),
    ("logging-message-concat-plus-across-lines",
     "import logging\nimport shutil\n\n"
     "logging.basicConfig(level=logging.INFO, format=\"%(asctime)s %(levelname)s %(message)s\")"
     "\n"
     "log = logging.getLogger(\"backup\")\n\ndef backup(files, dest):\n    for name in files:\n"
     "        shutil.copy(name, dest)\n        log.info(\"Copied \" + name\n"
     "                 \" to \" + dest)\n    log.info(\"Backed up %d files\", len(files))\n\n"
     "backup([\"notes.txt\", \"todo.txt\"], \"/tmp\")\n",
     "import logging\nimport shutil\n\n"
     "logging.basicConfig(level=logging.INFO, format=\"%(asctime)s %(levelname)s %(message)s\")"
     "\n"
     "log = logging.getLogger(\"backup\")\n\ndef backup(files, dest):\n    for name in files:\n"
     "        shutil.copy(name, dest)\n        log.info(\"Copied \" + name +\n"
     "                 \" to \" + dest)\n    log.info(\"Backed up %d files\", len(files))\n\n"
     "backup([\"notes.txt\", \"todo.txt\"], \"/tmp\")\n"),
    ("threading-worker-java-catch",
     "import queue\nimport threading\n\ndef worker():\n    while True:\n        try:\n"
     "            n = jobs.get(timeout=1)\n        catch queue.Empty:\n            return\n"
     "        print(threading.current_thread().name, n * n)\n\njobs = queue.Queue()\n"
     "for n in range(10):\n    jobs.put(n)\nthreading.Thread(target=worker).start()\n",
     "import queue\nimport threading\n\ndef worker():\n    while True:\n        try:\n"
     "            n = jobs.get(timeout=1)\n        except queue.Empty:\n            return\n"
     "        print(threading.current_thread().name, n * n)\n\njobs = queue.Queue()\n"
     "for n in range(10):\n    jobs.put(n)\nthreading.Thread(target=worker).start()\n"),
    ("subprocess-shell-command-inner-double-quotes",
     "import subprocess\n\nsubprocess.run([\"git\", \"add\", \"-A\"], check=True)\n"
     "result = subprocess.run(\"git commit -m \"nightly backup\"\", shell=True,\n"
     "                        capture_output=True, text=True)\nif result.returncode != 0:\n"
     "    print(\"commit failed:\", result.stderr)\n",
     "import subprocess\n\nsubprocess.run([\"git\", \"add\", \"-A\"], check=True)\n"
     "result = subprocess.run('git commit -m \"nightly backup\"', shell=True,\n"
     "                        capture_output=True, text=True)\nif result.returncode != 0:\n"
     "    print(\"commit failed:\", result.stderr)\n"),
    ("sql-builder-escaped-quote-eats-close",
     "import sqlite3\n\ndef find_user_query(table, name):\n"
     "    sql = \"SELECT id, email FROM \" + table\n"
     "    sql += \" WHERE name = \\\"\" + name + \"\\\"\n    return sql + \" LIMIT 1\"\n\n"
     "conn = sqlite3.connect(\"app.db\")\n"
     "print(conn.execute(find_user_query(\"users\", \"ann\")).fetchall())\n",
     "import sqlite3\n\ndef find_user_query(table, name):\n"
     "    sql = \"SELECT id, email FROM \" + table\n"
     "    sql += \" WHERE name = \\\"\" + name + \"\\\"\"\n    return sql + \" LIMIT 1\"\n\n"
     "conn = sqlite3.connect(\"app.db\")\n"
     "print(conn.execute(find_user_query(\"users\", \"ann\")).fetchall())\n"),
    ("turtle-onkey-lambda-empty-parens",
     "import turtle\n\nscreen = turtle.Screen()\nt = turtle.Turtle()\n"
     "screen.onkey(lambda(): t.forward(20), \"Up\")\n"
     "screen.onkey(lambda: t.left(90), \"Left\")\nscreen.onkey(lambda: t.right(90), \"Right\")\n"
     "screen.listen()\nturtle.done()\n",
     "import turtle\n\nscreen = turtle.Screen()\nt = turtle.Turtle()\n"
     "screen.onkey(lambda: t.forward(20), \"Up\")\nscreen.onkey(lambda: t.left(90), \"Left\")\n"
     "screen.onkey(lambda: t.right(90), \"Right\")\nscreen.listen()\nturtle.done()\n"),
    ("os-walk-chmod-py2-octal",
     "import os\n\nfor root, dirs, files in os.walk(\"scripts\"):\n    for name in files:\n"
     "        if name.endswith(\".sh\"):\n            path = os.path.join(root, name)\n"
     "            os.chmod(path, 0755)\n            print(\"made executable:\", path)\n",
     "import os\n\nfor root, dirs, files in os.walk(\"scripts\"):\n    for name in files:\n"
     "        if name.endswith(\".sh\"):\n            path = os.path.join(root, name)\n"
     "            os.chmod(path, 0o755)\n            print(\"made executable:\", path)\n"),
    ("todo-cli-case-colon-fstring-inner-quotes",
     "todos = []\nwhile True:\n    command, _, arg = input(\"> \").partition(\" \")\n"
     "    match command:\n        case \"add\"\n"
     "            todos.append({\"text\": arg, \"done\": False})\n        case \"done\":\n"
     "            todos[int(arg) - 1][\"done\"] = True\n        case \"list\":\n"
     "            for i, t in enumerate(todos, 1):\n"
     "                print(f\"{i}. [{'x' if t['done'] else ' '}] {t[\"text\"]}\")\n"
     "        case \"quit\":\n            break\n",
     "todos = []\nwhile True:\n    command, _, arg = input(\"> \").partition(\" \")\n"
     "    match command:\n        case \"add\":\n"
     "            todos.append({\"text\": arg, \"done\": False})\n        case \"done\":\n"
     "            todos[int(arg) - 1][\"done\"] = True\n        case \"list\":\n"
     "            for i, t in enumerate(todos, 1):\n"
     "                print(f\"{i}. [{'x' if t['done'] else ' '}] {t['text']}\")\n"
     "        case \"quit\":\n            break\n"),
    ("deadline-date-leading-zero-month",
     "from datetime import date\n\ntoday = date.today()\ndeadline = date(2024, 09, 30)\n"
     "delta = deadline - today\nif delta.days < 0:\n"
     "    print(f\"Overdue by {-delta.days} days\")\nelse:\n"
     "    print(f\"{delta.days} days left\")\n",
     "from datetime import date\n\ntoday = date.today()\ndeadline = date(2024, 9, 30)\n"
     "delta = deadline - today\nif delta.days < 0:\n"
     "    print(f\"Overdue by {-delta.days} days\")\nelse:\n"
     "    print(f\"{delta.days} days left\")\n"),
    ("property-setter-decorator-auto-indented",
     "class Temperature:\n    def __init__(self, celsius=0.0):\n"
     "        self._celsius = celsius\n\n    @property\n    def celsius(self):\n"
     "        return self._celsius\n\n        @celsius.setter\n    def celsius(self, value):\n"
     "        if value < -273.15:\n            raise ValueError(\"below absolute zero\")\n"
     "        self._celsius = value\n",
     "class Temperature:\n    def __init__(self, celsius=0.0):\n"
     "        self._celsius = celsius\n\n    @property\n    def celsius(self):\n"
     "        return self._celsius\n\n    @celsius.setter\n    def celsius(self, value):\n"
     "        if value < -273.15:\n            raise ValueError(\"below absolute zero\")\n"
     "        self._celsius = value\n"),
    ("unittest-method-missing-def",
     "import unittest\n\ndef slugify(title):\n    return \"-\".join(title.lower().split())\n\n"
     "class TestSlugify(unittest.TestCase):\n    def test_spaces(self):\n"
     "        self.assertEqual(slugify(\"Hello World\"), \"hello-world\")\n\n"
     "    test_uppercase(self):\n        self.assertEqual(slugify(\"ABC\"), \"abc\")\n\n"
     "if __name__ == \"__main__\":\n    unittest.main()\n",
     "import unittest\n\ndef slugify(title):\n    return \"-\".join(title.lower().split())\n\n"
     "class TestSlugify(unittest.TestCase):\n    def test_spaces(self):\n"
     "        self.assertEqual(slugify(\"Hello World\"), \"hello-world\")\n\n"
     "    def test_uppercase(self):\n        self.assertEqual(slugify(\"ABC\"), \"abc\")\n\n"
     "if __name__ == \"__main__\":\n    unittest.main()\n"),
    # the ninth held-out set, reported before it moved here
    ("fib-memo-dict-call-unclosed-before-return",
     "memo = {0: 0, 1: 1}\n\ndef fib(n):\n    if n in memo:\n        return memo[n]\n"
     "    memo[n] = fib(n - 1) + fib(n - 2\n    return memo[n]\n\nfor i in range(10):\n"
     "    print(i, fib(i))\n",
     "memo = {0: 0, 1: 1}\n\ndef fib(n):\n    if n in memo:\n        return memo[n]\n"
     "    memo[n] = fib(n - 1) + fib(n - 2)\n    return memo[n]\n\nfor i in range(10):\n"
     "    print(i, fib(i))\n"),
    ("quiz-list-of-dicts-comma-and-capital-else",
     "questions = [\n    {\"q\": \"Capital of France? \", \"a\": \"paris\"},\n"
     "    {\"q\": \"Legs on a spider? \", \"a\": \"8\"}\n"
     "    {\"q\": \"Colour of a clear sky? \", \"a\": \"blue\"},\n]\n\nscore = 0\n"
     "for item in questions:\n    reply = input(item[\"q\"]).strip().lower()\n"
     "    if reply == item[\"a\"]:\n        print(\"Correct!\")\n        score += 1\n    Else:\n"
     "        print(\"Wrong, it was\", item[\"a\"])\n"
     "print(f\"You scored {score} out of {len(questions)}\")\n",
     "questions = [\n    {\"q\": \"Capital of France? \", \"a\": \"paris\"},\n"
     "    {\"q\": \"Legs on a spider? \", \"a\": \"8\"},\n"
     "    {\"q\": \"Colour of a clear sky? \", \"a\": \"blue\"},\n]\n\nscore = 0\n"
     "for item in questions:\n    reply = input(item[\"q\"]).strip().lower()\n"
     "    if reply == item[\"a\"]:\n        print(\"Correct!\")\n        score += 1\n    else:\n"
     "        print(\"Wrong, it was\", item[\"a\"])\n"
     "print(f\"You scored {score} out of {len(questions)}\")\n"),
    ("shapes-subclass-java-extends",
     "class Shape:\n    def __init__(self, name):\n        self.name = name\n\n"
     "class Square extends Shape:\n    def __init__(self, side):\n"
     "        super().__init__(\"square\")\n        self.side = side\n\n    def area(self):\n"
     "        return self.side ** 2\n\nprint(Square(3).name, Square(3).area())\n",
     "class Shape:\n    def __init__(self, name):\n        self.name = name\n\n"
     "class Square(Shape):\n    def __init__(self, side):\n        super().__init__(\"square\")\n"
     "        self.side = side\n\n    def area(self):\n        return self.side ** 2\n\n"
     "print(Square(3).name, Square(3).area())\n"),
    ("requests-retry-except-missing-as",
     "import time\nimport requests\n\nurl = \"https://api.github.com/repos/python/cpython\"\n"
     "for attempt in range(1, 4):\n    try:\n        resp = requests.get(url, timeout=5)\n"
     "        resp.raise_for_status()\n        break\n    except requests.RequestException err:\n"
     "        print(f\"Attempt {attempt} failed: {err}\")\n        time.sleep(2 ** attempt)\n"
     "print(resp.json()[\"stargazers_count\"])\n",
     "import time\nimport requests\n\nurl = \"https://api.github.com/repos/python/cpython\"\n"
     "for attempt in range(1, 4):\n    try:\n        resp = requests.get(url, timeout=5)\n"
     "        resp.raise_for_status()\n        break\n"
     "    except requests.RequestException as err:\n"
     "        print(f\"Attempt {attempt} failed: {err}\")\n        time.sleep(2 ** attempt)\n"
     "print(resp.json()[\"stargazers_count\"])\n"),
    ("csv-dictreader-key-quote-unclosed",
     "import csv\n\ntotal = 0.0\nwith open(\"orders.csv\", newline=\"\") as f:\n"
     "    for row in csv.DictReader(f):\n"
     "        total += float(row[\"price]) * int(row[\"quantity\"])\n"
     "print(f\"Order total: {total:.2f}\")\n",
     "import csv\n\ntotal = 0.0\nwith open(\"orders.csv\", newline=\"\") as f:\n"
     "    for row in csv.DictReader(f):\n"
     "        total += float(row[\"price\"]) * int(row[\"quantity\"])\n"
     "print(f\"Order total: {total:.2f}\")\n"),
    ("matplotlib-subplots-figsize-call-unclosed",
     "import matplotlib.pyplot as plt\nimport numpy as np\n\nx = np.linspace(0, 2 * np.pi, 100)\n"
     "fig, axes = plt.subplots(2, 2, figsize=(8, 6)\n"
     "for ax, func in zip(axes.flat, [np.sin, np.cos, np.tan, np.exp]):\n    ax.plot(x, func(x))\n"
     "    ax.set_title(func.__name__)\nfig.tight_layout()\nplt.show()\n",
     "import matplotlib.pyplot as plt\nimport numpy as np\n\nx = np.linspace(0, 2 * np.pi, 100)\n"
     "fig, axes = plt.subplots(2, 2, figsize=(8, 6))\n"
     "for ax, func in zip(axes.flat, [np.sin, np.cos, np.tan, np.exp]):\n    ax.plot(x, func(x))\n"
     "    ax.set_title(func.__name__)\nfig.tight_layout()\nplt.show()\n"),
    ("pandas-groupby-method-chain-unparenthesised",
     "import pandas as pd\n\ndf = pd.read_csv(\"sales.csv\")\nsummary = df.groupby(\"region\")\n"
     "            .agg(total=(\"amount\", \"sum\"), orders=(\"amount\", \"count\"))\n"
     "            .sort_values(\"total\", ascending=False)\nprint(summary.head())\n",
     "import pandas as pd\n\ndf = pd.read_csv(\"sales.csv\")\nsummary = (df.groupby(\"region\")\n"
     "            .agg(total=(\"amount\", \"sum\"), orders=(\"amount\", \"count\"))\n"
     "            .sort_values(\"total\", ascending=False))\nprint(summary.head())\n"),
    ("tkinter-geometry-size-unquoted",
     "import tkinter as tk\n\ncount = 0\n\ndef on_click():\n    global count\n    count += 1\n"
     "    label.config(text=f\"Clicked {count} times\")\n\nroot = tk.Tk()\n"
     "root.geometry(300x200)\nlabel = tk.Label(root, text=\"Not clicked yet\")\n"
     "label.pack(pady=10)\ntk.Button(root, text=\"Click me\", command=on_click).pack()\n"
     "root.mainloop()\n",
     "import tkinter as tk\n\ncount = 0\n\ndef on_click():\n    global count\n    count += 1\n"
     "    label.config(text=f\"Clicked {count} times\")\n\nroot = tk.Tk()\n"
     "root.geometry(\"300x200\")\nlabel = tk.Label(root, text=\"Not clicked yet\")\n"
     "label.pack(pady=10)\ntk.Button(root, text=\"Click me\", command=on_click).pack()\n"
     "root.mainloop()\n"),
    ("socket-echo-bind-tuple-missing-open-paren",
     "import socket\n\nwith socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:\n"
     "    server.bind(\"127.0.0.1\", 5000))\n    server.listen()\n"
     "    conn, addr = server.accept()\n    with conn:\n        print(\"Connected by\", addr)\n"
     "        while True:\n            data = conn.recv(1024)\n            if not data:\n"
     "                break\n            conn.sendall(data)\n",
     "import socket\n\nwith socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:\n"
     "    server.bind((\"127.0.0.1\", 5000))\n    server.listen()\n"
     "    conn, addr = server.accept()\n    with conn:\n        print(\"Connected by\", addr)\n"
     "        while True:\n            data = conn.recv(1024)\n            if not data:\n"
     "                break\n            conn.sendall(data)\n"),
    ("fastapi-pydantic-field-missing-colon",
     "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n\n"
     "class Item(BaseModel):\n    name: str\n    price float\n    in_stock: bool = True\n\n"
     "@app.post(\"/items/\")\nasync def create_item(item: Item):\n"
     "    return {\"name\": item.name, \"price_with_tax\": item.price * 1.2}\n",
     "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n\n"
     "class Item(BaseModel):\n    name: str\n    price: float\n    in_stock: bool = True\n\n"
     "@app.post(\"/items/\")\nasync def create_item(item: Item):\n"
     "    return {\"name\": item.name, \"price_with_tax\": item.price * 1.2}\n"),
    ("people-filter-lambda-assign-and-sorted-key-comma",
     "people = [\n    {\"name\": \"Ana\", \"age\": 34, \"city\": \"Lisbon\"},\n"
     "    {\"name\": \"Ben\", \"age\": 17, \"city\": \"Porto\"},\n"
     "    {\"name\": \"Caio\", \"age\": 25, \"city\": \"Lisbon\"},\n]\n\n"
     "lisbon = filter(lambda p: p[\"city\"] = \"Lisbon\", people)\n"
     "by_age = sorted(lisbon, key=lambda p: p[\"age\"] reverse=True)\nfor p in by_age:\n"
     "    print(p[\"name\"], p[\"age\"])\n",
     "people = [\n    {\"name\": \"Ana\", \"age\": 34, \"city\": \"Lisbon\"},\n"
     "    {\"name\": \"Ben\", \"age\": 17, \"city\": \"Porto\"},\n"
     "    {\"name\": \"Caio\", \"age\": 25, \"city\": \"Lisbon\"},\n]\n\n"
     "lisbon = filter(lambda p: p[\"city\"] == \"Lisbon\", people)\n"
     "by_age = sorted(lisbon, key=lambda p: p[\"age\"], reverse=True)\nfor p in by_age:\n"
     "    print(p[\"name\"], p[\"age\"])\n"),
    ("regex-pattern-paren-inside-closing-quote",
     "import re\n\ndef mask_phones(text):\n"
     "    pattern = re.compile(r\"\\b(\\d{3})[-. ](\\d{4})\\b)\"\n"
     "    return pattern.sub(r\"\\1-XXXX\", text)\n\n"
     "print(mask_phones(\"Call 555.0199 or 555 0142 today\"))\n",
     "import re\n\ndef mask_phones(text):\n"
     "    pattern = re.compile(r\"\\b(\\d{3})[-. ](\\d{4})\\b\")\n"
     "    return pattern.sub(r\"\\1-XXXX\", text)\n\n"
     "print(mask_phones(\"Call 555.0199 or 555 0142 today\"))\n"),
    ("menu-elif-branch-only-a-comment",
     "items = []\nwhile True:\n    choice = input(\"1) add  2) list  3) quit: \")\n"
     "    if choice == \"1\":\n        items.append(input(\"item: \"))\n"
     "    elif choice == \"2\":\n        # TODO: print the list nicely\n"
     "    elif choice == \"3\":\n        break\n    else:\n"
     "        print(\"unknown option\", choice)\n",
     "items = []\nwhile True:\n    choice = input(\"1) add  2) list  3) quit: \")\n"
     "    if choice == \"1\":\n        items.append(input(\"item: \"))\n"
     "    elif choice == \"2\":\n        # TODO: print the list nicely\n        pass\n"
     "    elif choice == \"3\":\n        break\n    else:\n"
     "        print(\"unknown option\", choice)\n"),
    ("enum-member-cpp-scope-operator",
     "from enum import Enum\n\nclass Status(Enum):\n    PENDING = 1\n    SHIPPED = 2\n"
     "    DELIVERED = 3\n\ndef describe(status):\n    if status == Status::DELIVERED:\n"
     "        return \"arrived\"\n    return status.name.lower()\n\n"
     "print(describe(Status.SHIPPED))\n",
     "from enum import Enum\n\nclass Status(Enum):\n    PENDING = 1\n    SHIPPED = 2\n"
     "    DELIVERED = 3\n\ndef describe(status):\n    if status == Status.DELIVERED:\n"
     "        return \"arrived\"\n    return status.name.lower()\n\n"
     "print(describe(Status.SHIPPED))\n"),
    ("gcd-recursion-mod-operator-word",
     "def gcd(a, b):\n    if b == 0:\n        return a\n    return gcd(b, a mod b)\n\n"
     "def lcm(a, b):\n    return a * b // gcd(a, b)\n\nprint(gcd(48, 18), lcm(4, 6))\n",
     "def gcd(a, b):\n    if b == 0:\n        return a\n    return gcd(b, a % b)\n\n"
     "def lcm(a, b):\n    return a * b // gcd(a, b)\n\nprint(gcd(48, 18), lcm(4, 6))\n"),
    ("aiohttp-fstring-paren-for-brace",
     "import asyncio\nimport aiohttp\n\nasync def fetch(session, url):\n"
     "    async with session.get(url) as resp:\n        print(f\"{url} -> {resp.status)\")\n"
     "        return await resp.text()\n\nasync def main():\n"
     "    urls = [\"https://example.com\", \"https://www.python.org\"]\n"
     "    async with aiohttp.ClientSession() as session:\n"
     "        pages = await asyncio.gather(*(fetch(session, u) for u in urls))\n"
     "    print([len(p) for p in pages])\n\nasyncio.run(main())\n",
     "import asyncio\nimport aiohttp\n\nasync def fetch(session, url):\n"
     "    async with session.get(url) as resp:\n        print(f\"{url} -> {resp.status}\")\n"
     "        return await resp.text()\n\nasync def main():\n"
     "    urls = [\"https://example.com\", \"https://www.python.org\"]\n"
     "    async with aiohttp.ClientSession() as session:\n"
     "        pages = await asyncio.gather(*(fetch(session, u) for u in urls))\n"
     "    print([len(p) for p in pages])\n\nasyncio.run(main())\n"),
    ("word-count-js-style-import",
     "import Counter from collections\nimport re\n\n"
     "with open(\"speech.txt\", encoding=\"utf-8\") as f:\n"
     "    words = re.findall(r\"[a-z']+\", f.read().lower())\n\n"
     "for word, n in Counter(words).most_common(10):\n    print(f\"{word:<12} {n:>4}\")\n",
     "from collections import Counter\nimport re\n\n"
     "with open(\"speech.txt\", encoding=\"utf-8\") as f:\n"
     "    words = re.findall(r\"[a-z']+\", f.read().lower())\n\n"
     "for word, n in Counter(words).most_common(10):\n    print(f\"{word:<12} {n:>4}\")\n"),
    ("temperature-table-pasted-times-sign",
     "print(f\"{'Celsius':>8} {'Fahrenheit':>11}\")\nfor c in range(-10, 41, 10):\n"
     "    f = c \u00d7 9 / 5 + 32\n    print(f\"{c:>8} {f:>11.1f}\")\n",
     "print(f\"{'Celsius':>8} {'Fahrenheit':>11}\")\nfor c in range(-10, 41, 10):\n"
     "    f = c * 9 / 5 + 32\n    print(f\"{c:>8} {f:>11.1f}\")\n"),
    ("bubble-sort-swap-tuple-missing-comma",
     "def bubble_sort(items):\n    n = len(items)\n    for i in range(n - 1):\n"
     "        swapped = False\n        for j in range(n - 1 - i):\n"
     "            if items[j] > items[j + 1]:\n"
     "                items[j], items[j + 1] = items[j + 1] items[j]\n"
     "                swapped = True\n        if not swapped:\n            break\n"
     "    return items\n\nprint(bubble_sort([5, 1, 4, 2, 8]))\n",
     "def bubble_sort(items):\n    n = len(items)\n    for i in range(n - 1):\n"
     "        swapped = False\n        for j in range(n - 1 - i):\n"
     "            if items[j] > items[j + 1]:\n"
     "                items[j], items[j + 1] = items[j + 1], items[j]\n"
     "                swapped = True\n        if not swapped:\n            break\n"
     "    return items\n\nprint(bubble_sort([5, 1, 4, 2, 8]))\n"),
    ("generator-pipeline-csharp-yield-return-and-def-colon",
     "def read_lines(path):\n    with open(path) as f:\n        for line in f:\n"
     "            yield return line.rstrip(\"\\n\")\n\ndef grep(pattern, lines)\n"
     "    return (l for l in lines if pattern in l)\n\ndef numbered(lines):\n"
     "    for i, l in enumerate(lines, start=1):\n        yield f\"{i:4d}  {l}\"\n\n"
     "for row in numbered(grep(\"TODO\", read_lines(\"app.py\"))):\n    print(row)\n",
     "def read_lines(path):\n    with open(path) as f:\n        for line in f:\n"
     "            yield line.rstrip(\"\\n\")\n\ndef grep(pattern, lines):\n"
     "    return (l for l in lines if pattern in l)\n\ndef numbered(lines):\n"
     "    for i, l in enumerate(lines, start=1):\n        yield f\"{i:4d}  {l}\"\n\n"
     "for row in numbered(grep(\"TODO\", read_lines(\"app.py\"))):\n    print(row)\n"),
]

CASES += [*TENTH, *ELEVENTH, *TWELFTH, *THIRTEENTH, *FOURTEENTH]
