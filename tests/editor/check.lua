-- Neovim's built-in LSP client attached to `verify lsp` on the fixture workspace: the
-- diagnostics it receives, a hover and a definition, asserted. Run by tests/editor/run.sh:
--   nvim --headless -u NONE -c "luafile check.lua" (VERIFY, WORKSPACE, RESULT in the environment)
local verify = os.getenv("VERIFY")
local root = os.getenv("WORKSPACE")
local result = os.getenv("RESULT")
local failures = {}
local function check(ok, what)
  if not ok then table.insert(failures, what) end
end

vim.cmd("edit " .. root .. "/claims/story.claims")
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = "claims"
local config = { name = "verify", cmd = { verify, "lsp" }, root_dir = root }
local client
if vim.lsp.start then
  client = vim.lsp.start(config) -- Neovim 0.8 and later: starts and attaches
else
  client = vim.lsp.start_client(config) -- Neovim 0.7
  vim.lsp.buf_attach_client(buf, client)
end
check(client ~= nil, "the client started")

-- Diagnostics arrive once the server has checked the workspace.
local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
check(got, "diagnostics arrived within 20 s")
local codes = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  codes[#codes + 1] = string.format("%d:%d %s %s", d.lnum, d.col, tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)), d.severity)
end
table.sort(codes)
local seen = table.concat(codes, "\n")
check(seen:find("2:4 weekday%-mismatch 2", 1) ~= nil, "a possible weekday mismatch on line 3, a warning:\n" .. seen)
check(seen:find("borrowed%-anchor") ~= nil, "the borrowed anchor is said:\n" .. seen)

-- Hover on the date: whose date it was read on.
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 2, character = 34 } }
local answers = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000) or {}
local hover = ""
for _, a in pairs(answers) do
  if a.result and a.result.contents then hover = a.result.contents.value or "" end
end
check(hover:find("borrowed", 1, true) ~= nil, "hover says the date is borrowed:\n" .. hover)
check(hover:find("is a Wednesday, not a Monday", 1, true) ~= nil, "hover checks the weekday:\n" .. hover)

-- Go to definition of `hammouchi`: the declaration in the other file.
params.position = { line = 2, character = 16 }
answers = vim.lsp.buf_request_sync(buf, "textDocument/definition", params, 10000) or {}
local target = ""
for _, a in pairs(answers) do
  if a.result and a.result[1] then target = a.result[1].uri .. ":" .. a.result[1].range.start.line end
end
check(target:find("entities.claims:2", 1, true) ~= nil, "definition in entities.claims line 3: " .. target)

local out = io.open(result, "w")
if #failures == 0 then
  out:write("ok\n" .. seen .. "\n")
else
  out:write("FAILED\n" .. table.concat(failures, "\n") .. "\n")
end
out:close()
vim.lsp.stop_client(client)
vim.cmd("qall!")
