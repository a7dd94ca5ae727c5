"""A stock pygls server: the floor the LSP benchmarks measure nca against.

It answers ``codeAction`` and ``codeAction/resolve`` with fixed data and publishes one fixed
diagnostic on each change (``python stock_server.py``); with ``--relay UPSTREAM CHUNKS
EVERY_S`` it also serves a bare aiohttp chat route beside the language server, relaying an
upstream's stream (or, for ``paced``, CHUNKS chunks EVERY_S seconds apart made here), and
writes its address to stderr as ``nca serve`` does.
"""

import asyncio
import json
import sys

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer

server = LanguageServer("stock", "1")
CHUNKS, CHUNK_EVERY_S = ((int(sys.argv[-2]), float(sys.argv[-1])) if "--relay" in sys.argv
                         else (0, 0.0))
ECHO = t.Diagnostic(range=t.Range(t.Position(0, 0), t.Position(0, 1)), message="echo",
                    severity=t.DiagnosticSeverity.Error, code="E999", source="stock")


@server.feature(t.TEXT_DOCUMENT_CODE_ACTION,
                t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix],
                                    resolve_provider=True))
def actions(ls, params):
    return [t.CodeAction(title="fix", kind=t.CodeActionKind.QuickFix,
                         data={"uri": params.text_document.uri})]


@server.feature(t.CODE_ACTION_RESOLVE)
def resolve(ls, action):
    action.edit = t.WorkspaceEdit(changes={action.data["uri"]: [t.TextEdit(
        range=t.Range(t.Position(0, 0), t.Position(0, 0)), new_text="")]})
    return action


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
def changed(ls, params):
    ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
        uri=params.text_document.uri, version=params.text_document.version, diagnostics=[ECHO]))


@server.feature(t.INITIALIZED)
def initialized(ls, params):
    if "--relay" in sys.argv:
        asyncio.ensure_future(relay(sys.argv[sys.argv.index("--relay") + 1]))


async def relay(upstream):
    from aiohttp import ClientSession, web

    session = ClientSession()

    async def chat(request):
        body = await request.json()
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        if upstream == "paced":  # an answer made in this process, at a model's pace
            for i in range(CHUNKS):
                chunk = {"choices": [{"index": 0, "delta": {"content": f"t{i} "}}]}
                await resp.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
                await asyncio.sleep(CHUNK_EVERY_S)
            await resp.write(b"data: [DONE]\n\n")
        else:
            async with session.post(upstream + "/chat/completions", json=body) as up:
                async for data in up.content.iter_any():
                    await resp.write(data)
        await resp.write_eof()
        return resp

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    sys.stderr.write(f"nca: http://127.0.0.1:{runner.addresses[0][1]}/v1\n")
    sys.stderr.flush()


if __name__ == "__main__":
    server.start_io()
