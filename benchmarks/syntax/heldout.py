"""Held-out broken snippets: written after the rules, never used to change them.

Pieces shaped like the code people paste into questions about a syntax error: a script of a
few functions with a mistake or two, often far from where Python reports it. Each comes with
the fix its author meant. ``python -m benchmarks.syntax`` reports these apart from
``cases.CASES`` (the snippets the rules were written against). A held-out set used to change
the rules moves to ``cases.CASES`` and a new one is written.
"""

HELDOUT: list[tuple[str, str, str]] = [
    # (name, broken, intended)
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
]
