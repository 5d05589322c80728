"""The study core every front end shares: a student's session on a course, without Textual.

* ``session``  ``StudySession``: start a quiz, a retake or a review; answer (grade →
  schedule → save); finish, abandon; record reading; reset and reopen
* ``review``   the review quiz built from today's due questions
* ``reading``  the rule that says when a lesson counts as read

What happens when a student answers is ``StudySession.answer``.
"""
