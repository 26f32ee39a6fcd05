-- The README's screenshot: Neovim with `verify lsp` on the bundled claims, a finding shown
-- on its line and the hover of a date that rests on a relay's publication date.
-- Run by docs/screenshots/take.sh.
vim.o.termguicolors = true
vim.o.number = true
vim.o.laststatus = 0
vim.o.wrap = false
vim.cmd("syntax on")
vim.cmd("edit claims/belgium.claims")
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = "claims"
vim.bo[buf].syntax = "conf"
local config = { name = "verify", cmd = { os.getenv("VERIFY"), "lsp" }, root_dir = vim.fn.getcwd() }
local client
if vim.lsp.start then
  client = vim.lsp.start(config)
else
  client = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, client)
end
vim.diagnostic.config({ virtual_text = { spacing = 2 }, float = { border = "rounded" } })
vim.lsp.handlers["textDocument/hover"] = vim.lsp.with(vim.lsp.handlers.hover, { border = "rounded" })
for group, colours in pairs({
  NormalFloat = "guibg=#313244 guifg=#cdd6f4",
  FloatBorder = "guibg=#313244 guifg=#89b4fa",
  LineNr = "guifg=#6c7086",
  SignColumn = "guibg=#1e1e2e",
  Comment = "guifg=#7f849c",
  String = "guifg=#a6e3a1",
  DiagnosticWarn = "guifg=#fab387",
  DiagnosticInfo = "guifg=#89dceb",
  DiagnosticUnderlineWarn = "gui=undercurl guisp=#fab387",
  DiagnosticUnderlineInfo = "gui=undercurl guisp=#89dceb",
}) do
  vim.cmd("highlight " .. group .. " " .. colours)
end
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
-- The plan that ends "at the end of the current year", as La Libre wrote it.
local line = vim.fn.search("until end of this year")
vim.api.nvim_win_set_cursor(0, { line, vim.fn.col(".") + 10 })
vim.cmd("normal! zt")
vim.cmd("execute \"normal! 7\\<C-y>\"")
vim.lsp.buf.hover()
