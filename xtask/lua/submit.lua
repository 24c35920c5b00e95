-- POST submit-comment with a new client key per comment, each comment sent
-- twice (a client retrying after a lost response): the store must keep one.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  post = args[2]
  unique = 0
end

function request()
  counter = counter + 1
  local n = math.floor((counter + 1) / 2)
  if counter % 2 == 1 then unique = unique + 1 end
  local body = string.format(
    '{"post":"%s","body":"load test comment %d","client_key":"load-%d-%d"}', post, n, id, n)
  return wrk.format("POST", "/.netlify/functions/submit-comment", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("unique") end
  io.write(string.format("unique_comments %d\n", total))
end
