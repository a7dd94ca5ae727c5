# expect functions: _format_unused
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    name: str
    price: float


@app.get("/items/{item_id}")
async def read_item(item_id: int) -> Item:
    return Item(name=str(item_id), price=1.0)


@app.on_event("startup")
async def startup():
    return None


def _format_unused(item):
    return item.name
