-- POST /token with the refresh_token grant. Refresh tokens rotate, so each
-- thread keeps one connection and spends the token the last answer gave it.
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
end

function init(args)
  -- Thread n starts with the n-th token given on the command line.
  token = args[id]
end

function request()
  return wrk.format("POST", "/.netlify/identity/token",
    { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  local next_token = body:match('"refresh_token":"([^"]+)"')
  if next_token then token = next_token end
end
