-- A report is plain text: use the "text" filetype plugin as well.
vim.cmd('runtime! ftplugin/text.vim ftplugin/text_*.vim ftplugin/text/*.vim')
vim.cmd('runtime! ftplugin/text.lua ftplugin/text_*.lua ftplugin/text/*.lua')
