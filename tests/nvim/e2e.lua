-- End-to-end checks in a real Neovim, driven by tests/nvim_e2e.rs.
-- The plugin comes from editors/neovim (lsp/newsdesk.lua, plugin/newsdesk.lua);
-- only `cmd` is overridden, to run the binary under test.
--
-- NEWSDESK_E2E holds a JSON object: bin, plugin, root, out, report, answer, late,
-- late_text, answer_fixed, cursor = {file, position}, definition = {file, range}.
-- The result file gets { checks = { <name> = { ok, ... } }, server_pid, ... }: one
-- entry per check, each with what Neovim actually received.
local spec = vim.json.decode(vim.env.NEWSDESK_E2E)

local result = { checks = {}, nvim_pid = vim.fn.getpid(), notifications = {} }

-- keep messages (e.g. "method not supported") for the report instead of stderr
vim.notify = function(msg, level)
  table.insert(result.notifications, { msg = tostring(msg), level = level })
end

local function write_result()
  local f = assert(io.open(spec.out, 'w'))
  f:write(vim.json.encode(result))
  f:close()
end

--- Run one named check; `fn` returns ok (boolean) and a table of details.
local function check(name, fn)
  local ok, passed, details = pcall(fn)
  local entry = type(details) == 'table' and details or {}
  if not ok then
    entry.ok = false
    entry.error = tostring(passed)
  else
    entry.ok = passed == true
  end
  result.checks[name] = entry
  write_result() -- a crash later still leaves what was found so far
  return entry.ok
end

--- Every diagnostic Neovim holds, in a printable form.
local function all_diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(nil)) do
    table.insert(out, {
      file = vim.api.nvim_buf_get_name(d.bufnr),
      code = d.code,
      source = d.source,
      line = d.lnum,
      col = d.col,
      message = d.message,
    })
  end
  return out
end

local function codes_of(path)
  local out = {}
  for _, d in ipairs(all_diagnostics()) do
    if d.file == path and d.code then
      out[d.code] = (out[d.code] or 0) + 1
    end
  end
  return out
end

local function client()
  return vim.lsp.get_clients({ name = 'newsdesk' })[1]
end

--- LSP position (in the client's encoding... given as UTF-16 by the fixture) to
--- a (1-based row, 0-based byte col) cursor.
local function set_cursor_utf16(bufnr, pos)
  local line = vim.api.nvim_buf_get_lines(bufnr, pos.line, pos.line + 1, true)[1]
  local col = vim.str_byteindex(line, 'utf-16', pos.character, false)
  vim.api.nvim_win_set_cursor(0, { pos.line + 1, col })
end

--- Find the first line containing `text`; returns its 1-based number.
local function find_line(bufnr, text)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if l:find(text, 1, true) then
      return i, l
    end
  end
end

--- The `newsdesk lsp` processes among Neovim's children (Linux /proc).
local function server_children()
  local me = tostring(vim.fn.getpid())
  local found, seen = {}, {}
  for name, kind in vim.fs.dir('/proc') do
    if kind == 'directory' and name:match('^%d+$') then
      local stat = io.open('/proc/' .. name .. '/stat')
      if stat then
        local s = stat:read('*a') or ''
        stat:close()
        local ppid = s:match('%)%s+%S+%s+(%d+)')
        if ppid == me then
          local cf = io.open('/proc/' .. name .. '/cmdline')
          local cmdline = cf and (cf:read('*a') or ''):gsub('%z', ' ') or ''
          if cf then
            cf:close()
          end
          table.insert(seen, { pid = tonumber(name), cmdline = cmdline })
          if cmdline:find(spec.bin, 1, true) and cmdline:find(' lsp', 1, true) then
            table.insert(found, tonumber(name))
          end
        end
      end
    end
  end
  return found, seen
end

local ok, err = pcall(function()
  -- the plugin, as a user would install it
  vim.opt.rtp:append(spec.plugin)
  vim.cmd.runtime('plugin/newsdesk.lua')
  vim.lsp.config('newsdesk', { cmd = { spec.bin, 'lsp' } })
  vim.lsp.enable('newsdesk')

  vim.cmd.edit(vim.fn.fnameescape(spec.report))
  local report_buf = vim.api.nvim_get_current_buf()

  -- 0. filetype "newsdesk" from plugin/newsdesk.lua, and the client attaches
  check('attach', function()
    local attached = vim.wait(15000, function()
      return #vim.lsp.get_clients({ bufnr = report_buf, name = 'newsdesk' }) > 0
    end, 50)
    local c = client()
    return attached and vim.bo[report_buf].filetype == 'newsdesk', {
      filetype = vim.bo[report_buf].filetype,
      attached = attached,
      root_dir = c and c.root_dir,
      server_info = c and c.server_info,
      init_options = c and c.config.init_options,
    }
  end)

  -- 1. boilerplate on the open report; missing-dateline and mismatched-quote on a
  -- report that is not open (push diagnostics for the whole corpus)
  check('diagnostics', function()
    local function have()
      local r, a = codes_of(spec.report), codes_of(spec.answer)
      return (r.boilerplate or 0) >= 3 and a['missing-dateline'] == 1 and a['mismatched-quote'] == 1
    end
    local arrived = vim.wait(20000, have, 100)
    return arrived,
      {
        want = {
          [spec.report] = '3 x boilerplate',
          [spec.answer] = 'missing-dateline, mismatched-quote',
        },
        received = all_diagnostics(),
      }
  end)

  -- 2. hover over an actor: "Lavrov" in a report that names "Russian Foreign
  -- Minister Sergei Lavrov"
  check('hover', function()
    vim.api.nvim_set_current_buf(report_buf)
    local row, line = find_line(report_buf, '," Lavrov said at a press conference')
    assert(row, 'the fixture line with "Lavrov said at a press conference" is missing')
    local col = line:find('Lavrov said at', 1, true) + 2 -- inside the name
    vim.api.nvim_win_set_cursor(0, { row, col - 1 })
    if not client():supports_method('textDocument/hover') then
      return false, { error = 'the server does not offer textDocument/hover (no hoverProvider)' }
    end
    -- what the server answers
    local params = vim.lsp.util.make_position_params(0, client().offset_encoding)
    local responses = vim.lsp.buf_request_sync(report_buf, 'textDocument/hover', params, 10000) or {}
    local raw = {}
    for _, r in pairs(responses) do
      table.insert(raw, { result = r.result, err = r.err })
    end
    local answered = false
    for _, r in ipairs(raw) do
      if type(r.result) == 'table' and r.result.contents then
        answered = true
      end
    end
    if not answered then
      return false, { error = 'the server answered no hover here', cursor = vim.api.nvim_win_get_cursor(0), responses = raw }
    end
    -- what the curator sees: the hover float
    local wins_before = {}
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      wins_before[w] = true
    end
    vim.lsp.buf.hover()
    local shown
    vim.wait(5000, function()
      for _, w in ipairs(vim.api.nvim_list_wins()) do
        if not wins_before[w] and vim.api.nvim_win_get_config(w).relative ~= '' then
          shown = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), '\n')
          return true
        end
      end
      return false
    end, 50)
    -- close the float
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then
        pcall(vim.api.nvim_win_close, w, true)
      end
    end
    local text = shown or ''
    return text:find('Lavrov', 1, true) ~= nil and text:find('Foreign Minister', 1, true) ~= nil,
      {
        cursor = vim.api.nvim_win_get_cursor(0),
        float = shown or vim.NIL,
        responses = raw,
      }
  end)

  -- 3. definition from inside a quote lands on the other report's translation of it
  check('definition', function()
    vim.api.nvim_set_current_buf(report_buf)
    set_cursor_utf16(report_buf, spec.cursor.position)
    local from = vim.api.nvim_win_get_cursor(0)
    if not client():supports_method('textDocument/definition') then
      return false, { error = 'the server does not offer textDocument/definition (no definitionProvider)' }
    end
    local params = vim.lsp.util.make_position_params(0, client().offset_encoding)
    local responses = vim.lsp.buf_request_sync(report_buf, 'textDocument/definition', params, 10000) or {}
    local raw = {}
    for _, r in pairs(responses) do
      table.insert(raw, { result = r.result, err = r.err })
    end
    vim.fn.setqflist({}, 'r')
    vim.lsp.buf.definition()
    local landed = vim.wait(10000, function()
      return vim.api.nvim_buf_get_name(0) == spec.definition.file
    end, 50)
    local at = vim.api.nvim_win_get_cursor(0)
    local details = {
      from = from,
      want = { file = spec.definition.file, line = spec.definition.range.start.line + 1 },
      got = { file = vim.api.nvim_buf_get_name(0), line = at[1], col = at[2] },
      quickfix = vim.fn.getqflist(),
      responses = raw,
    }
    local ok_line = at[1] == spec.definition.range.start.line + 1
    -- back to the report for the next checks
    if vim.api.nvim_buf_is_valid(report_buf) then
      vim.api.nvim_set_current_buf(report_buf)
    end
    return landed and ok_line, details
  end)

  -- 3b. :NewsdeskQuoteReports (textDocument/references) lists the other report
  check('quote_reports', function()
    vim.api.nvim_set_current_buf(report_buf)
    set_cursor_utf16(report_buf, spec.cursor.position)
    if not client():supports_method('textDocument/references') then
      return false, { error = 'the server does not offer textDocument/references (no referencesProvider)' }
    end
    vim.fn.setqflist({}, 'r')
    vim.cmd('NewsdeskQuoteReports')
    local function listed()
      for _, item in ipairs(vim.fn.getqflist()) do
        if vim.api.nvim_buf_get_name(item.bufnr) == spec.definition.file then
          return true
        end
      end
      return false
    end
    local found = vim.wait(10000, listed, 50)
    local items = {}
    for _, item in ipairs(vim.fn.getqflist()) do
      table.insert(items, { file = vim.api.nvim_buf_get_name(item.bufnr), line = item.lnum, text = item.text })
    end
    pcall(vim.cmd.cclose)
    vim.api.nvim_set_current_buf(report_buf)
    return found, { want = spec.definition.file, quickfix = items }
  end)

  -- 3c. the code lens "quoted in N other reports", run through its client-side
  -- command newsdesk.showReferences (lsp/newsdesk.lua), fills the quickfix list
  check('code_lens', function()
    vim.api.nvim_set_current_buf(report_buf)
    if not client():supports_method('textDocument/codeLens') then
      return false, { error = 'the server does not offer textDocument/codeLens (no codeLensProvider)' }
    end
    local function lenses()
      local out = {}
      for _, l in ipairs(vim.lsp.codelens.get(report_buf) or {}) do
        table.insert(out, { line = l.range.start.line, title = l.command and l.command.title or vim.NIL,
          command = l.command and l.command.command or vim.NIL })
      end
      return out
    end
    local lens
    vim.wait(10000, function()
      vim.lsp.codelens.refresh({ bufnr = report_buf })
      for _, l in ipairs(vim.lsp.codelens.get(report_buf) or {}) do
        if l.command and tostring(l.command.title):match('^quoted in %d+ other reports?$') then
          lens = l
          return true
        end
      end
      return false
    end, 200)
    if not lens then
      return false, { lenses = lenses() }
    end
    vim.fn.setqflist({}, 'r')
    vim.api.nvim_win_set_cursor(0, { lens.range.start.line + 1, 0 })
    vim.lsp.codelens.run()
    local listed = vim.wait(5000, function()
      for _, item in ipairs(vim.fn.getqflist()) do
        if vim.api.nvim_buf_get_name(item.bufnr) == spec.definition.file then
          return true
        end
      end
      return false
    end, 50)
    local items = {}
    for _, item in ipairs(vim.fn.getqflist()) do
      table.insert(items, { file = vim.api.nvim_buf_get_name(item.bufnr), line = item.lnum })
    end
    pcall(vim.cmd.cclose)
    vim.api.nvim_set_current_buf(report_buf)
    return listed, { lenses = lenses(), quickfix = items, notifications = result.notifications }
  end)

  -- 4. the quick fix "Remove this boilerplate block" through vim.lsp.buf.code_action
  check('code_action', function()
    vim.api.nvim_set_current_buf(report_buf)
    local row = find_line(report_buf, 'Do you want to leave a comment?')
    assert(row, 'the comment widget is not in the buffer')
    vim.api.nvim_win_set_cursor(0, { row, 0 })
    local before = vim.api.nvim_buf_line_count(report_buf)
    local titles = {}
    vim.lsp.buf.code_action({
      filter = function(a)
        table.insert(titles, a.title)
        return a.title == 'Remove this boilerplate block'
      end,
      apply = true,
    })
    local removed = vim.wait(10000, function()
      return find_line(report_buf, 'Do you want to leave a comment?') == nil
    end, 50)
    local lines = vim.api.nvim_buf_get_lines(report_buf, 0, -1, false)
    return removed
        and find_line(report_buf, 'Stockholm. December 2. INTERFAX') ~= nil
        and find_line(report_buf, 'The rights to this material belong to') == nil,
      {
        actions_offered = titles,
        lines_before = before,
        lines_after = #lines,
        buffer_tail = vim.list_slice(lines, math.max(1, #lines - 6), #lines),
      }
  end)

  -- 4b. :NewsdeskRemoveBoilerplate removes the remaining blocks (workspace/executeCommand,
  -- answered with workspace/applyEdit)
  check('remove_all_command', function()
    vim.api.nvim_set_current_buf(report_buf)
    local before = vim.api.nvim_buf_get_lines(report_buf, 0, -1, false)
    vim.cmd('NewsdeskRemoveBoilerplate')
    local gone = vim.wait(10000, function()
      return find_line(report_buf, 'Image source:') == nil and find_line(report_buf, 'Войти') == nil
    end, 50)
    local after = vim.api.nvim_buf_get_lines(report_buf, 0, -1, false)
    return gone and find_line(report_buf, 'Stockholm. December 2. INTERFAX') ~= nil,
      {
        lines_before = #before,
        lines_after = #after,
        buffer_head = vim.list_slice(after, 1, 6),
      }
  end)

  -- 4c. :NewsdeskReport writes the corpus overview page (workspace/executeCommand
  -- newsdesk.writeOverview) where it is told to, here without opening a viewer
  check('report_command', function()
    vim.api.nvim_set_current_buf(report_buf)
    vim.g.newsdesk_open_report = false
    local out = vim.fn.tempname() .. '-overview.html'
    vim.cmd('NewsdeskReport ' .. vim.fn.fnameescape(out))
    local written = vim.wait(20000, function()
      return vim.g.newsdesk_last_report == out and vim.uv.fs_stat(out) ~= nil
    end, 50)
    local page = written and table.concat(vim.fn.readfile(out), '\n') or ''
    return written and page:find('Corpus overview', 1, true) ~= nil and page:find('id="findings"', 1, true) ~= nil,
      { out = out, last = vim.g.newsdesk_last_report, bytes = #page }
  end)

  -- 5. files written by another process: a new report, and a fix to a closed one.
  -- Neovim on Linux does not watch files for the server: its own watcher must.
  check('external_write', function()
    local function write_outside(path, text)
      local done, code = false, nil
      local handle = vim.uv.spawn('sh', {
        args = { '-c', 'printf "%s" "$NEWSDESK_TEXT" > "$NEWSDESK_TARGET"' },
        env = {
          'PATH=' .. (vim.env.PATH or '/usr/bin:/bin'),
          'NEWSDESK_TEXT=' .. text,
          'NEWSDESK_TARGET=' .. path,
        },
      }, function(c)
        code = c
        done = true
      end)
      assert(handle, 'could not spawn sh')
      vim.wait(5000, function()
        return done
      end, 20)
      return code
    end
    local code_late = write_outside(spec.late, spec.late_text)
    local code_fix = write_outside(spec.answer, spec.answer_fixed)
    local function updated()
      local late, answer = codes_of(spec.late), codes_of(spec.answer)
      return late['missing-dateline'] == 1
        and late['mismatched-quote'] == 1
        and answer['missing-dateline'] == nil
        and answer['mismatched-quote'] == 1
    end
    local arrived = vim.wait(20000, updated, 100)
    return arrived,
      {
        sh_exit = { late = code_late, fix = code_fix },
        want = {
          [spec.late] = 'missing-dateline, mismatched-quote (a new report)',
          [spec.answer] = 'mismatched-quote only (dateline added)',
        },
        received = all_diagnostics(),
      }
  end)

  -- 7. :NewsdeskRestart: a new client (and server) takes over the open report
  check('restart', function()
    local old = client()
    local old_id = old and old.id
    local old_pids = server_children()
    vim.cmd('NewsdeskRestart')
    local restarted = vim.wait(15000, function()
      local now = vim.lsp.get_clients({ bufnr = report_buf, name = 'newsdesk' })[1]
      return now ~= nil and now.id ~= old_id and old ~= nil and old:is_stopped()
    end, 50)
    local now = vim.lsp.get_clients({ bufnr = report_buf, name = 'newsdesk' })[1]
    -- the old server process has ended (Neovim reaps its children)
    local old_gone = vim.wait(5000, function()
      for _, pid in ipairs(old_pids) do
        if vim.uv.fs_stat('/proc/' .. pid) then
          return false
        end
      end
      return true
    end, 50)
    return restarted and old_gone and #old_pids > 0,
      {
        old_client = old_id,
        new_client = now and now.id or vim.NIL,
        old_server_pids = old_pids,
        old_server_gone = old_gone,
        new_server_pids = (server_children()),
      }
  end)

  -- 6 is checked by the Rust driver after :qa: record the server's process
  local pids, seen = server_children()
  result.server_pid = pids[1] or vim.NIL
  result.processes = seen
end)
if not ok then
  result.error = tostring(err)
end
write_result()
vim.cmd('qa!')
