-- wrk script for the reads beside the registration run (bench/run.py). Arguments after
-- `--`: the pause in ms each connection makes after an answer (so the reads have a rate
-- of their own instead of taking every cycle the registrations leave), then the paths,
-- asked in turn. Every answer's X-Cache header is counted, so the hit ratio is that of
-- these pages alone (the registrations pass through the same Varnish). Prints
-- "XCACHE <hits> <misses> <without the header>" at the end.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  pause, paths, turn = tonumber(args[1]), {}, 0
  for index = 2, #args do
    paths[#paths + 1] = args[index]
  end
  hits, misses, unmarked = 0, 0, 0
end

function delay()
  return pause
end

function request()
  turn = turn + 1
  return wrk.format("GET", paths[turn % #paths + 1])
end

function response(status, headers, body)
  local cache = headers["X-Cache"]
  if cache == "HIT" then
    hits = hits + 1
  elseif cache == "MISS" then
    misses = misses + 1
  else
    unmarked = unmarked + 1
  end
end

function done(summary, latency, requests)
  local total = {0, 0, 0}
  for _, thread in ipairs(threads) do
    total[1] = total[1] + thread:get("hits")
    total[2] = total[2] + thread:get("misses")
    total[3] = total[3] + thread:get("unmarked")
  end
  io.write(string.format("XCACHE %d %d %d\n", total[1], total[2], total[3]))
end
