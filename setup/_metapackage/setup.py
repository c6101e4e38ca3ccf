import setuptools

with open('VERSION.txt', 'r') as f:
    version = f.read().strip()

setuptools.setup(
    name="odoo11-addons-komunigi",
    description="Meta package for komunigi Odoo addons",
    version=version,
    install_requires=[
        'odoo11-addon-komunigi_cofinancing',
        'odoo11-addon-komunigi_membership',
        'odoo11-addon-komunigi_newsletter',
        'odoo11-addon-komunigi_request_vote',
    ],
    classifiers=[
        'Programming Language :: Python',
        'Framework :: Odoo',
        'Framework :: Odoo :: 11.0',
    ]
)
