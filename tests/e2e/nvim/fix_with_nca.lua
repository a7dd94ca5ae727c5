-- Headless Neovim (0.7+): attach nca, take its quick fix for the first diagnostic, apply, write.
-- Environment: NCA_CMD (JSON list: the server command), NCA_FILE, NCA_ROOT, NCA_OUT (JSON report).
local out = {}
local function finish()
  local handle = io.open(os.getenv("NCA_OUT"), "w")
  handle:write(vim.fn.json_encode(out))
  handle:close()
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("NCA_FILE")))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "nca",
    cmd = vim.fn.json_decode(os.getenv("NCA_CMD")),
    root_dir = os.getenv("NCA_ROOT"),
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  out.initialized = vim.wait(20000, function() return client.initialized == true end, 20)

  out.diagnosed = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  local first = vim.diagnostic.get(bufnr)[1]
  out.diagnostic = { source = first.source, code = first.code, lnum = first.lnum }
  local lsp_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, first.lnum)

  local params = vim.lsp.util.make_range_params()
  params.range = { start = { line = first.lnum, character = 0 },
                   ["end"] = { line = first.lnum, character = 0 } }
  params.context = { diagnostics = lsp_diagnostics }
  local listed = client.request_sync("textDocument/codeAction", params, 10000, bufnr)
  out.titles = {}
  local action
  for _, item in ipairs(listed.result or {}) do
    table.insert(out.titles, item.title)
    if item.kind == "quickfix" and action == nil then action = item end
  end
  local resolved = client.request_sync("codeAction/resolve", action, 60000, bufnr)
  out.resolved_title = resolved.result.title
  vim.lsp.util.apply_workspace_edit(resolved.result.edit, client.offset_encoding)
  vim.cmd("write")
  client.stop()
end)
if not ok then out.error = tostring(err) end
finish()
