from . import komunigi_cofinancing
