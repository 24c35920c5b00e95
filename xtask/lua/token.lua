-- POST /token with the password grant (form-encoded, as gotrue-js sends it).
function init(args)
  body = "grant_type=password&username=" .. args[1] .. "&password=" .. args[2]
end

function request()
  return wrk.format("POST", "/.netlify/identity/token",
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end
