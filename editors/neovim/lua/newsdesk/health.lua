-- :checkhealth newsdesk
local M = {}

local health = vim.health

--- The configured command (vim.lsp.config), or the default.
---@return string[]|nil cmd, string|nil why_not
local function configured_cmd()
  local ok, cfg = pcall(function()
    return vim.lsp.config['newsdesk']
  end)
  local cmd = ok and type(cfg) == 'table' and cfg.cmd or nil
  if cmd == nil then
    return { 'newsdesk', 'lsp' }, nil
  end
  if type(cmd) == 'function' then
    return nil, 'the configured cmd is a function (an RPC client); cannot check the binary'
  end
  return cmd, nil
end

---@return string|nil
local function corpus_root()
  -- :checkhealth runs in its own buffer: look at the buffer it was called from
  for _, buf in ipairs({ 0, vim.fn.bufnr('#') }) do
    local name = buf >= 0 and vim.api.nvim_buf_is_valid(buf) and vim.api.nvim_buf_get_name(buf) or ''
    if name ~= '' and not name:match('^%a[%w+.-]*://') then
      local root = vim.fs.root(vim.fs.dirname(vim.fn.fnamemodify(name, ':p')), 'newsdesk.toml')
      if root then
        return root
      end
    end
  end
  return vim.fs.root(vim.fn.getcwd(), 'newsdesk.toml')
end

---@param args string[]
---@return vim.SystemCompleted|nil, string|nil
local function run(args, timeout)
  local ok, proc = pcall(vim.system, args, { text = true })
  if not ok then
    return nil, tostring(proc)
  end
  local res = proc:wait(timeout)
  if res.signal ~= 0 and res.code ~= 0 and res.stdout == '' then
    return nil, ('timed out or was killed (signal %d)'):format(res.signal)
  end
  return res, nil
end

local function check_config(exe, root)
  local toml = vim.fs.joinpath(root, 'newsdesk.toml')
  health.info('corpus root: ' .. root)
  -- Check the configuration against an empty folder: it parses newsdesk.toml
  -- without reading every report of the corpus.
  local empty = vim.fn.tempname()
  vim.fn.mkdir(empty, 'p')
  local res, err = run({ exe, 'check', '--format', 'json', '--config', toml, empty }, 10000)
  vim.fn.delete(empty, 'rf')
  if not res then
    health.warn('could not run `newsdesk check`: ' .. err)
    return
  end
  local decoded_ok, decoded = pcall(vim.json.decode, res.stdout ~= '' and res.stdout or 'null')
  local problems = {}
  if decoded_ok and type(decoded) == 'table' then
    for _, file in ipairs(decoded.files or {}) do
      for _, d in ipairs(file.diagnostics or {}) do
        if d.code == 'config-error' then
          table.insert(
            problems,
            ('%s:%d:%d: %s'):format(file.path, d.range.start.line + 1, d.range.start.character + 1, d.message)
          )
        end
      end
    end
  end
  if res.code == 2 or #problems > 0 then
    local msg = #problems > 0 and table.concat(problems, '\n') or vim.trim(res.stderr or '')
    health.error('newsdesk.toml is broken (the server uses the default settings until it is fixed):\n' .. msg, {
      'Fix the file; `newsdesk check ' .. root .. '` prints the same message.',
    })
  elseif not decoded_ok then
    health.warn('`newsdesk check --format json` printed no JSON: ' .. vim.trim(res.stdout .. res.stderr))
  else
    health.ok('newsdesk.toml is valid: ' .. toml)
  end
end

function M.check()
  health.start('newsdesk: server')
  if vim.fn.has('nvim-0.11') ~= 1 then
    health.error('Neovim >= 0.11 is needed (vim.lsp.config / vim.lsp.enable)')
  else
    health.ok('Neovim ' .. tostring(vim.version()))
  end
  local cmd, why = configured_cmd()
  local exe
  if not cmd then
    health.info(why)
  else
    exe = vim.fn.exepath(cmd[1])
    if exe == '' then
      exe = nil
      health.error(('`%s` not found (cmd = %s)'):format(cmd[1], vim.inspect(cmd)), {
        'Install it: `cargo install --path .` in the newsdesk sources, or put a release binary on PATH',
        "Or point at it: vim.lsp.config('newsdesk', { cmd = { '/path/to/newsdesk', 'lsp' } })",
      })
    else
      local res, err = run({ exe, '--version' }, 5000)
      if res and res.code == 0 then
        health.ok(('%s (%s)'):format(vim.trim(res.stdout), exe))
      else
        health.error(('`%s --version` failed: %s'):format(exe, err or vim.trim((res.stderr or '') .. (res.stdout or ''))))
        exe = nil
      end
    end
  end

  health.start('newsdesk: corpus')
  local root = corpus_root()
  if not root then
    health.warn('no newsdesk.toml in the current buffer\'s folder or above (nor the working directory\'s)', {
      'Create newsdesk.toml (it may be empty) at the root of the folder of reports: it marks the corpus',
    })
  elseif exe then
    check_config(exe, root)
  else
    health.info('corpus root: ' .. root .. ' (not checked: no server binary)')
  end

  health.start('newsdesk: clients')
  local enabled = vim.lsp.is_enabled and vim.lsp.is_enabled('newsdesk')
  if enabled == false then
    health.warn("not enabled: add vim.lsp.enable('newsdesk') to your config")
  end
  local active = vim.lsp.get_clients({ name = 'newsdesk' })
  if #active == 0 then
    health.info('no newsdesk client is running')
  end
  for _, c in ipairs(active) do
    local info = c.server_info or {}
    health.ok(
      ('client %d: %s %s, root %s, %d buffer(s)'):format(
        c.id,
        info.name or 'newsdesk',
        info.version or '?',
        c.root_dir or '?',
        vim.tbl_count(c.attached_buffers)
      )
    )
  end
  local s = require('newsdesk').status()
  if s ~= '' then
    health.info(s)
  end
end

return M
