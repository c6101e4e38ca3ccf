French, Dutch, German and Spanish translations (``i18n/fr.po``, ``nl.po``, ``de.po``,
``es.po``): the portal, the backend, the mail templates and the messages.
The demo offers French, Dutch, German and Spanish on the website and gives each
representative the language of their co-op (a Dutch-speaking one for BLOUM Coop, login
``bloum``).
