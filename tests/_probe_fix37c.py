from rasa_sdk.executor import CollectingDispatcher
from actions import cases
from tests.actions.test_cases import _after_which_case
from tests.actions.trackers import tracker
from tests.support import all_text
named = _after_which_case("which mh case had home tuition")
def test_probe():
  for t in ["and the one with home education? he's hitting her",
          "and the one with home education and abuse",
          "and the one with home education, being hurt at home",
          "and the one with home education where the dad was violent",
          "and the one with home education and self harm",
          "and the one with home education? she's not safe",
          "and the one with home education - mum says he'll kill her",
          ]:
    d = CollectingDispatcher()
    r = cases.cases_with_detail(d, tracker(t, "ask_learning", events=named))
    print(t, "->", r is not None, all_text(d.messages)[:80].replace("\n"," "))
