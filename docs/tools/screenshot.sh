#!/usr/bin/env bash
# Regenerate docs/screenshot.png: Neovim in tmux on the example corpus, a hover
# over an actor, captured as text with colours and rendered to PNG.
# Needs tmux, nvim >= 0.11 and Pillow (pip install pillow).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cargo build --release --manifest-path "$root/Cargo.toml"
tmp=$(mktemp -d)
cat > "$tmp/init.lua" <<LUA
vim.opt.rtp:append('$root/editors/neovim')
vim.lsp.config('newsdesk', { cmd = { '$root/target/release/newsdesk', 'lsp' } })
vim.lsp.enable('newsdesk')
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.wrap = true
vim.o.linebreak = true
vim.diagnostic.config({ virtual_text = { prefix = '●' }, signs = true })
LUA
cd "$root/examples/corpus"
tmux new-session -d -s newsdesk-shot -x 150 -y 40 "env TERM=xterm-256color nvim --clean -u $tmp/init.lua rt/2022-01-14-lavrov.txt"
sleep 4
tmux send-keys -t newsdesk-shot '/Lavrov said, adding' Enter
sleep 0.5
tmux send-keys -t newsdesk-shot ':lua vim.lsp.buf.hover()' Enter
sleep 2
tmux capture-pane -t newsdesk-shot -p -e > "$tmp/pane.ansi"
tmux kill-session -t newsdesk-shot
python3 "$root/docs/tools/render_tmux.py" "$tmp/pane.ansi" "$root/docs/screenshot.png"
echo "wrote $root/docs/screenshot.png"
