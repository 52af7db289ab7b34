-- newsdesk for Neovim: filetype detection, commands and the indexing status.
-- The server's configuration lives in lsp/newsdesk.lua.
local M = {}

--- The server's command for "Remove all boilerplate in this report".
M.REMOVE_ALL_BOILERPLATE = 'newsdesk.removeAllBoilerplate'
M.WRITE_OVERVIEW = 'newsdesk.writeOverview'
M.CONFIG_FILE = 'newsdesk.toml'

--- Filetype for a `*.txt` path: "newsdesk" inside a corpus (a newsdesk.toml in
--- its folder or above), nil otherwise (so the usual detection goes on).
---@param path string
---@return string|nil
function M.detect(path, _)
  if vim.g.newsdesk_detect == false or path == nil or path == '' then
    return nil
  end
  local dir = vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(path, ':p')))
  if dir and vim.fs.root(dir, M.CONFIG_FILE) then
    return 'newsdesk'
  end
  return nil
end

---@param bufnr? integer
---@return vim.lsp.Client[]
local function clients(bufnr)
  return vim.lsp.get_clients({ name = 'newsdesk', bufnr = bufnr })
end

local function notify(msg, level)
  vim.notify('newsdesk: ' .. msg, level or vim.log.levels.INFO)
end

--- Start (or re-attach) the newsdesk client for these buffers.
---@param bufs integer[]
local function attach(bufs)
  vim.lsp.enable('newsdesk')
  for _, b in ipairs(bufs) do
    if vim.api.nvim_buf_is_loaded(b) then
      -- what vim.lsp.enable does for a buffer whose filetype is set
      pcall(vim.api.nvim_exec_autocmds, 'FileType', { group = 'nvim.lsp.enable', buffer = b, modeline = false })
    end
  end
end

--- The loaded buffers with filetype "newsdesk".
local function report_buffers()
  return vim.tbl_filter(function(b)
    return vim.api.nvim_buf_is_loaded(b) and vim.bo[b].filetype == 'newsdesk'
  end, vim.api.nvim_list_bufs())
end

--- Stop the newsdesk clients, then start them again for their buffers.
function M.restart()
  local running = clients()
  local bufs = report_buffers()
  for _, c in ipairs(running) do
    for b in pairs(c.attached_buffers) do
      if not vim.tbl_contains(bufs, b) then
        table.insert(bufs, b)
      end
    end
  end
  if #running == 0 then
    notify('starting the server')
    attach(bufs)
    return
  end
  for _, c in ipairs(running) do
    c:stop()
  end
  local timer = assert(vim.uv.new_timer())
  local waited = 0
  timer:start(
    50,
    50,
    vim.schedule_wrap(function()
      waited = waited + 50
      local stopping = vim.tbl_filter(function(c)
        return not c:is_stopped()
      end, running)
      if #stopping > 0 and waited < 5000 then
        return
      end
      timer:stop()
      timer:close()
      for _, c in ipairs(stopping) do
        c:stop(true) -- did not stop in 5 s: force it
      end
      attach(bufs)
      notify('server restarted')
    end)
  )
end

--- Ask the server to remove every boilerplate block of the current report; it
--- answers with workspace/applyEdit, which Neovim applies.
function M.remove_boilerplate()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = clients(bufnr)[1]
  if not client then
    notify('no newsdesk server is attached to this buffer', vim.log.levels.WARN)
    return
  end
  client:request('workspace/executeCommand', {
    command = M.REMOVE_ALL_BOILERPLATE,
    arguments = { vim.uri_from_bufnr(bufnr) },
  }, function(err)
    if err then
      notify('removing boilerplate failed: ' .. tostring(err.message or err), vim.log.levels.ERROR)
    end
  end, bufnr)
end

--- Ask the server to write the corpus overview page (the same page as
--- `newsdesk report --html`) and open it with the system's viewer
--- (`vim.ui.open`); `:NewsdeskReport FILE` writes it to FILE instead of the
--- temporary folder. The page's path is in `vim.g.newsdesk_last_report`.
function M.report(opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = clients(bufnr)[1] or clients()[1]
  if not client then
    notify('no newsdesk server is running', vim.log.levels.WARN)
    return
  end
  local arg = {}
  if vim.bo[bufnr].filetype == 'newsdesk' then
    arg.uri = vim.uri_from_bufnr(bufnr)
  end
  local out = opts and opts.args or ''
  if out ~= '' then
    arg.out = vim.fn.fnamemodify(out, ':p')
  end
  notify('writing the corpus overview…', vim.log.levels.INFO)
  client:request('workspace/executeCommand', {
    command = M.WRITE_OVERVIEW,
    arguments = { arg },
  }, function(err, result)
    if err or type(result) ~= 'table' or not result.path then
      notify('the overview could not be written: ' .. tostring(err and err.message or err), vim.log.levels.ERROR)
      return
    end
    vim.g.newsdesk_last_report = result.path
    if vim.g.newsdesk_open_report == false or not vim.ui.open then
      notify('overview written to ' .. result.path, vim.log.levels.INFO)
      return
    end
    local _, open_err = vim.ui.open(result.path)
    if open_err then
      notify('overview written to ' .. result.path .. ' (' .. open_err .. ')', vim.log.levels.INFO)
    else
      notify('overview written to ' .. result.path, vim.log.levels.INFO)
    end
  end, bufnr)
end

--- The other reports of the quote under the cursor, in the quickfix list.
function M.quote_reports()
  if #clients(0) == 0 then
    notify('no newsdesk server is attached to this buffer', vim.log.levels.WARN)
    return
  end
  vim.lsp.buf.references({ includeDeclaration = false })
end

--- The client-side command `newsdesk.showReferences` of the server's code lenses
--- (arguments: uri, position, locations): the locations in the quickfix list.
---@param command lsp.Command
---@param ctx table
function M.show_references(command, ctx)
  local args = command.arguments or {}
  local locations = type(args[3]) == 'table' and args[3] or {}
  if #locations == 0 then
    notify('no other report quotes this')
    return
  end
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  vim.fn.setqflist({}, ' ', {
    title = command.title or 'newsdesk: other reports of this quote',
    items = vim.lsp.util.locations_to_items(locations, encoding),
  })
  vim.cmd('botright copen')
end

-- Indexing status from the `newsdesk/status` notification, per client.
---@type table<integer, {state: string, done: integer?, total: integer?, reports: integer?}>
M.statuses = {}

local function thousands(n)
  local s = tostring(math.floor(tonumber(n) or 0))
  local out = s:reverse():gsub('(%d%d%d)', '%1,'):reverse()
  return (out:gsub('^,', ''))
end

--- params: {state = "indexing"|"ready", done = n, total = n, reports = n}
function M.on_status(params, ctx)
  if type(params) ~= 'table' then
    return
  end
  M.statuses[ctx and ctx.client_id or 0] = params
  vim.api.nvim_exec_autocmds('User', { pattern = 'NewsdeskStatus', modeline = false, data = params })
  if vim.g.newsdesk_statusline ~= false then
    vim.cmd.redrawstatus({ bang = true })
  end
end

--- A short status for a statusline, e.g. "newsdesk 1,200/48,000" or
--- "newsdesk: 48,000 reports"; "" when no server runs.
---@return string
function M.status()
  local parts = {}
  for id, s in pairs(M.statuses) do
    if vim.lsp.get_client_by_id(id) then
      if s.state == 'indexing' and tonumber(s.total) and tonumber(s.total) > 0 then
        table.insert(parts, ('newsdesk %s/%s'):format(thousands(s.done), thousands(s.total)))
      elseif s.state == 'indexing' then
        table.insert(parts, 'newsdesk indexing')
      else
        local n = s.reports or s.total
        table.insert(parts, n and ('newsdesk: %s report%s'):format(thousands(n), n == 1 and '' or 's') or 'newsdesk')
      end
    end
  end
  return table.concat(parts, ' | ')
end

function M.print_status()
  local s = M.status()
  if s == '' then
    s = #clients() > 0 and 'newsdesk: running' or 'newsdesk: not running'
  end
  print(s)
end

return M
