-- newsdesk language server, for `vim.lsp.config` / `vim.lsp.enable('newsdesk')`
-- (Neovim >= 0.11). Override any field with vim.lsp.config('newsdesk', {...}).
--
-- Reports get the filetype "newsdesk" when a newsdesk.toml is found above them
-- (see plugin/newsdesk.lua), so other plain-text files are never attached.

---@type vim.lsp.Config
return {
  cmd = { 'newsdesk', 'lsp' },
  filetypes = { 'newsdesk' },
  -- the nearest folder with newsdesk.toml is the corpus; .git as a fallback for a
  -- buffer whose filetype was set by hand
  root_markers = { 'newsdesk.toml', '.git' },
  -- push diagnostics: every report of the corpus, open or not, in vim.diagnostic
  init_options = { diagnosticMode = 'push' },
  -- answered to the server's workspace/configuration request for section "newsdesk";
  -- rules: code -> "error"|"warning"|"information"|"hint"|"off"; quotes.threshold: 0..1.
  -- newsdesk.toml wins over these.
  settings = {
    newsdesk = {
      rules = vim.empty_dict(),
      quotes = vim.empty_dict(),
    },
  },
  -- client-side command of the "quoted in N other reports" code lenses
  commands = {
    ['newsdesk.showReferences'] = function(command, ctx)
      require('newsdesk').show_references(command, ctx)
    end,
  },
  handlers = {
    ['newsdesk/status'] = function(_, params, ctx)
      require('newsdesk').on_status(params, ctx)
    end,
  },
}
