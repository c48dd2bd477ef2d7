"""The supplier area, /fornecedor/, by concern: `signin` (signing in with a
password or a letter's access code, and the password pages), `cases` (the list,
one case, its actions and files) and `representatives` (a manager's page);
`common` holds what they share. Views are thin: `area` says who acts and what
they may see, `actions` and `enrolment` do the work."""
