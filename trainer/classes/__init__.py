"""A class's results: each student's file for the instructor (``export``), and Moodle's
quiz statistics computed from the students' attempts (``item_stats``).

No Textual, Rich or argparse here: these are pure functions over plain data (one mapping
of question id to a 0/1 score per attempt) returning frozen dataclasses, for the class view
and its command to show. ``item_stats`` chooses which attempts count (first, last, highest
or all), works out the test statistics (mean, median, standard deviation, skewness,
kurtosis, coefficient of internal consistency, error ratio, standard error) and each
question's (facility, standard deviation, random guess score, discrimination index,
discriminative efficiency, plain-word flags) exactly as Moodle's statistics report does,
and counts the wrong answers students chose (distractor analysis).
"""
