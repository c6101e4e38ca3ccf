French, Dutch, German and Spanish translations (``i18n/fr.po``, ``nl.po``, ``de.po``,
``es.po``): the portal, the backend, the mail templates and the messages.
