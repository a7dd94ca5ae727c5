# expect functions: _dead_async
import asyncio


async def fetch():
    await asyncio.sleep(0)
    return 1


async def _dead_async():
    return 2


print(asyncio.run(fetch()))
