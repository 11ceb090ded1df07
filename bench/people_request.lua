-- wrk: each request is a random person of bench/people.py's sample.
--   wrk -s bench/people_request.lua URL -- PEOPLE_FILE KIND [sweep]
-- KIND: list (/), today (/today/), project (one of theirs), deep (a page in the middle of
-- their list; people with more than two pages only) or api (GET /api/v1/tasks, by token).
-- With "sweep", each thread walks the sample in order instead (thread n takes every other
-- person from the n-th): the warm-up that serves every person's page once.
local people, kind, sweep, position
local threads = 0

function setup(thread)
  thread:set("number", threads)
  threads = threads + 1
end

function init(args)
  local all = dofile(args[1])
  kind = args[2]
  sweep = args[3] == "sweep"
  people = {}
  for _, person in ipairs(all) do
    if kind ~= "deep" or person.deep ~= "" then
      table.insert(people, person)
    end
  end
  position = number or 0
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + position)
end

local paths = {
  list = function(p) return "/" end,
  today = function(p) return "/today/" end,
  project = function(p) return p.project end,
  deep = function(p) return p.deep end,
  api = function(p) return "/api/v1/tasks" end,
}

function request()
  local person
  if sweep then
    person = people[position % #people + 1]
    position = position + 2
  else
    person = people[math.random(#people)]
  end
  if kind == "api" then
    return wrk.format("GET", paths.api(person), {["Authorization"] = "Bearer " .. person.token})
  end
  return wrk.format("GET", paths[kind](person), {["Cookie"] = person.cookie})
end
