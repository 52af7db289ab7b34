" A report is plain text: the "text" syntax.
if exists('b:current_syntax')
  finish
endif
runtime! syntax/text.vim
let b:current_syntax = 'newsdesk'
