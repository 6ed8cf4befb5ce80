"""The shared step definitions of every feature (pytest-bdd finds them as fixtures here)."""

from tests.bdd.steps.clock_steps import *  # noqa: F403
from tests.bdd.steps.credit_steps import *  # noqa: F403
from tests.bdd.steps.drift_steps import *  # noqa: F403
from tests.bdd.steps.invoiced_steps import *  # noqa: F403
from tests.bdd.steps.netsuite_steps import *  # noqa: F403
from tests.bdd.steps.outcome_steps import *  # noqa: F403
from tests.bdd.steps.running_steps import *  # noqa: F403
from tests.bdd.steps.setup_steps import *  # noqa: F403
