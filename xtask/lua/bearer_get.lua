-- GET the path given to wrk with a Bearer token.
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end
