-- newsdesk: filetype detection for reports inside a corpus, and user commands.
if vim.g.loaded_newsdesk then
  return
end
vim.g.loaded_newsdesk = true

-- A `*.txt` file with a newsdesk.toml in its folder or above is a report: filetype
-- "newsdesk" (its ftplugin and syntax load the "text" ones). Other text files keep
-- "text" and are never handed to the server.
vim.filetype.add({
  pattern = {
    ['.*%.txt'] = {
      function(path, bufnr)
        return require('newsdesk').detect(path, bufnr)
      end,
      { priority = 10 },
    },
  },
})

local function cmd(name, fn, desc, nargs)
  vim.api.nvim_create_user_command(name, function(opts)
    require('newsdesk')[fn](opts)
  end, { desc = desc, nargs = nargs or 0, complete = nargs and 'file' or nil })
end

cmd('NewsdeskRestart', 'restart', 'newsdesk: restart the language server')
cmd('NewsdeskRemoveBoilerplate', 'remove_boilerplate', 'newsdesk: remove all boilerplate in this report')
cmd('NewsdeskQuoteReports', 'quote_reports', 'newsdesk: list the other reports of the quote under the cursor')
cmd('NewsdeskStatus', 'print_status', 'newsdesk: show the indexing status')
cmd('NewsdeskReport', 'report', 'newsdesk: write the corpus overview page and open it', '?')
