"""Product DTOs and the read-only Hub endpoints: product references, products, storefronts, tenant info, /info."""

from flask import Blueprint, current_app, request

from .catalog import CATALOG_CREATED, Product
from .responses import check_storefront, compact, iso, not_found, ok, paged, paging, query_bool, query_int
from .stats import operation
from .workflows import parameters_dto, workflow_dto

bp = Blueprint("products", __name__, url_prefix="/api/storefront/v1")


def catalog():
    return current_app.extensions["sandbox"].catalog


def _tenant_and_created() -> dict:
    return {"tenantId": current_app.config["SANDBOX_TENANT_ID"], "created": iso(CATALOG_CREATED)}


def product_dto(product: Product) -> dict:
    return compact(
        id=product.id,
        productVersionId=product.version_id,
        name=product.name,
        description=product.description,
        lastModified=iso(CATALOG_CREATED),
        tags=[product.category] if product.category else [],
        customFields={"productReference": product.reference},
        personalizationWorkflowId=product.id,
        processingPipelineId=1,
        storefrontId=current_app.config["SANDBOX_STOREFRONT_ID"],
        storefrontProductId=product.reference,
        storefrontProductName=product.name,
        **_tenant_and_created(),
    )


def variant_options(product: Product, variant) -> list:
    titles = product.option_titles
    return [
        compact(
            productOptionId=product.id * 100 + titles.index(title) + 1,
            productOptionValueId=(product.id * 100 + titles.index(title) + 1) * 100
            + product.option_values(title).index(value)
            + 1,
            productOptionType="Simple",
            productOptionTraits=[],
            productOptionTitle=title,
            productOptionValueTitle=value,
            simpleOptionValue={"value": value},
        )
        for title, value in variant.options.items()
    ]


def variant_dto(product: Product, variant) -> dict:
    return compact(
        id=variant.id,
        uid=f"{product.reference}:{variant.sku}",
        productVersionId=product.version_id,
        productId=product.id,
        tenantId=current_app.config["SANDBOX_TENANT_ID"],
        isAvailable=True,
        price=variant.price,
        weight=0,
        sortIndex=variant.sort_index,
        storefrontProductVariantId=variant.sku,
        sku=variant.sku,
        productVariantOptions=variant_options(product, variant),
    )


def reference_dto(product: Product) -> dict:
    return compact(
        productReference=product.reference,
        productReferenceType="Product",
        productReferenceName=product.name,
        productId=product.id,
        productVersionId=product.version_id,
        storefrontId=current_app.config["SANDBOX_STOREFRONT_ID"],
        **_tenant_and_created(),
    )


def summary_dto(product: Product, variant) -> dict:
    return compact(
        productId=product.id,
        productVersionId=product.version_id,
        productVariantId=variant.id,
        productVariantSku=variant.sku,
        productVariantPrice=variant.price,
        productVariantWeight=0,
        isProductVariantAvailable=True,
        name=product.name,
        description=product.description,
        tenantId=current_app.config["SANDBOX_TENANT_ID"],
        personalizationWorkflowId=product.id,
        processingPipelineId=1,
        tags=[product.category] if product.category else [],
        customFields={"productReference": product.reference},
    )


def by_reference(reference: str) -> Product:
    product = catalog().by_reference(reference)
    if product is None:
        not_found(f"Product reference '{reference}' was not found.")
    return product


def by_id(product_id: int) -> Product:
    product = catalog().by_id(product_id)
    if product is None:
        not_found(f"Product {product_id} was not found.")
    return product


def summary_variant(product: Product):
    """The variant picked by productVariantId/sku (the first one when neither is given); 404 when none matches."""
    variant_id, sku = query_int("productVariantId"), request.args.get("sku") or None
    variant = product.variant(sku=sku, variant_id=variant_id)
    if variant is None:
        not_found(f"Product {product.id} has no variant matching sku={sku} productVariantId={variant_id}.")
    return variant


def filtered_products() -> list[Product]:
    """Products matching the list filters shared by /product-references and /products."""
    args = request.args
    products = catalog().products
    if args.get("productReference"):
        products = [p for p in products if p.reference == args["productReference"]]
    if args.get("productId"):
        products = [p for p in products if str(p.id) == args["productId"]]
    if args.get("sku"):
        products = [p for p in products if p.variant(sku=args["sku"])]
    if args.get("search"):
        needle = args["search"].lower()
        products = [p for p in products if needle in p.name.lower() or needle in p.reference.lower()]
    tags = args.getlist("tags")
    if tags:
        products = [p for p in products if p.category in tags]
    return products


@bp.get("/product-references")
@operation("ProductReferences_GetAll")
def references():
    check_storefront()
    return ok(paged([reference_dto(p) for p in filtered_products()], *paging()))


@bp.get("/product-references/products")
@operation("ProductReferences_GetAllProducts")
def reference_products():
    check_storefront()
    return ok(paged([product_dto(p) for p in filtered_products()], *paging()))


@bp.get("/product-references/<reference>/product")
@operation("ProductReferences_GetProduct")
def reference_product(reference):
    check_storefront()
    return ok(product_dto(by_reference(reference)))


@bp.get("/product-references/<reference>/personalization-workflow")
@operation("ProductReferences_GetPersonalizationWorkflow")
def reference_workflow(reference):
    check_storefront(required=False)
    return ok(workflow_dto(by_reference(reference)))


@bp.get("/product-references/<reference>/personalization-parameters")
@operation("ProductReferences_GetPersonalizationParameters")
def reference_parameters(reference):
    check_storefront()
    return ok(parameters_dto(by_reference(reference)))


@bp.get("/product-references/<reference>/product-summary")
@operation("ProductReferences_GetProductSummary")
def reference_summary(reference):
    check_storefront()
    product = by_reference(reference)
    return ok(summary_dto(product, summary_variant(product)))


@bp.get("/product-references/<reference>")
@operation("ProductReferences_Get")
def reference(reference):
    check_storefront()
    return ok(reference_dto(by_reference(reference)))


@bp.get("/products")
@operation("Products_GetAllProducts")
def products():
    return ok(paged([product_dto(p) for p in filtered_products()], *paging()))


@bp.get("/products/<int:product_id>")
@operation("Products_GetProduct")
def product(product_id):
    return ok(product_dto(by_id(product_id)))


@bp.get("/products/<int:product_id>/variants")
@operation("Products_GetProductVariants")
def variants(product_id):
    product = by_id(product_id)
    items = product.variants
    if request.args.get("sku"):
        items = [v for v in items if v.sku == request.args["sku"]]
    query_bool("takeAvailableOnly")  # validated; every sandbox variant is available
    return ok(paged([variant_dto(product, v) for v in items], *paging()))


@bp.get("/products/<int:product_id>/variants/<int:variant_id>")
@operation("Products_GetProductVariant")
def variant(product_id, variant_id):
    product = by_id(product_id)
    found = product.variant(variant_id=variant_id)
    if found is None:
        not_found(f"Product variant {variant_id} of product {product_id} was not found.")
    return ok(variant_dto(product, found))


@bp.get("/products/<int:product_id>/personalization-workflow")
@operation("Products_GetPersonalizationWorkflow")
def product_workflow(product_id):
    return ok(workflow_dto(by_id(product_id)))


@bp.get("/products/<int:product_id>/personalization-parameters")
@operation("Products_GetPersonalizationParameters")
def product_parameters(product_id):
    return ok(parameters_dto(by_id(product_id)))


@bp.get("/products/<int:product_id>/summary")
@operation("Products_GetProductSummary")
def product_summary(product_id):
    product = by_id(product_id)
    return ok(summary_dto(product, summary_variant(product)))
