"""Held-out broken snippets: written after the rules, never used to change them.

Pieces shaped like the code people paste into questions about a syntax error: a script of a
few functions with a mistake or two, often far from where Python reports it. Each comes with
the fix its author meant. ``python -m benchmarks.syntax`` reports these apart from
``cases.CASES`` (the snippets the rules were written against). A held-out set used to change
the rules moves to ``cases.CASES`` and a new one is written.
"""

HELDOUT: list[tuple[str, str, str]] = [
    # (name, broken, intended)
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
