-- Smoke test in a real Neovim: start `newsdesk lsp` on a temporary corpus and wait
-- for the not-UTF-8 finding of a report that is not open.
-- Arguments come in NEWSDESK_NVIM_ARGS: bin|root|good|bad|out
local args = vim.split(vim.env.NEWSDESK_NVIM_ARGS, '|', { plain = true })
local bin, root, good, bad, out = args[1], args[2], args[3], args[4], args[5]

local result = { ok = false, received = {} }
local function finish()
  vim.fn.writefile({ vim.json.encode(result) }, out)
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.lsp.config('newsdesk', {
    cmd = { bin, 'lsp' },
    filetypes = { 'text' },
    root_markers = { 'newsdesk.toml', '.git' },
  })
  vim.lsp.enable('newsdesk')
  vim.cmd.edit(vim.fn.fnameescape(good))
  result.attached = vim.wait(10000, function()
    return #vim.lsp.get_clients({ bufnr = 0, name = 'newsdesk' }) > 0
  end, 50)
  result.ok = vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(nil)) do
      if d.code == 'not-utf8' and vim.api.nvim_buf_get_name(d.bufnr) == bad then
        return true
      end
    end
    return false
  end, 100)
  for _, d in ipairs(vim.diagnostic.get(nil)) do
    table.insert(result.received, {
      file = vim.api.nvim_buf_get_name(d.bufnr), code = d.code, message = d.message,
    })
  end
end)
if not ok then
  result.error = tostring(err)
end
finish()
