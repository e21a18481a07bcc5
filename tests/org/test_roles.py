"""The permission matrix and the dealer scope, as staff experience them."""

from dealercrm.org.roles import MATRIX, Perm, Role


def test_every_role_can_at_least_look_up_customers():
    for role in Role:
        assert Perm.VIEW_CUSTOMERS in MATRIX[role], role


def test_group_hq_sees_every_dealer_and_changes_nothing(hq, actor_of):
    actor = actor_of(hq)
    assert actor.is_group_wide and actor.is_read_only
    assert actor.can(Perm.VIEW_CUSTOMERS)
    for perm in (Perm.EDIT_CUSTOMERS, Perm.EDIT_VEHICLES, Perm.RECORD_ODOMETER, Perm.MANAGE_REFERENCE_DATA):
        assert not actor.can(perm)


def test_only_the_information_clerk_and_admin_see_full_numbers(agent, clerk, admin_user, gm, sales, actor_of):
    assert actor_of(clerk).can(Perm.SEE_FULL_CONTACTS)
    assert actor_of(admin_user).can(Perm.SEE_FULL_CONTACTS)
    for user in (agent, gm, sales):
        assert not actor_of(user).can(Perm.SEE_FULL_CONTACTS)


def test_staff_with_several_roles_get_the_union(manager, actor_of):
    actor = actor_of(manager)
    assert actor.roles == {"coc_manager", "dealer_gm"}
    assert actor.can(Perm.EDIT_CUSTOMERS)


def test_dealer_staff_see_only_their_dealer(
    dealer, other_dealer, make_customer, agent, other_agent, hq, actor_of
):
    from dealercrm.customers.models import Customer

    mine = make_customer(dealer, mobile="13800000001")
    theirs = make_customer(other_dealer, mobile="13800000002")
    assert list(actor_of(agent).scope(Customer.objects.all())) == [mine]
    assert list(actor_of(other_agent).scope(Customer.objects.all())) == [theirs]
    assert set(actor_of(hq).scope(Customer.objects.all())) == {mine, theirs}


def test_a_user_without_a_staff_profile_sees_nothing(db, django_user_model, make_customer, dealer, actor_of):
    from dealercrm.customers.models import Customer

    make_customer(dealer)
    stranger = django_user_model.objects.create_user("stranger", password="x-Very-long-pw-1")
    actor = actor_of(stranger)
    assert not actor.can(Perm.VIEW_CUSTOMERS)
    assert not actor.scope(Customer.objects.all()).exists()


def test_a_user_without_a_role_is_refused_every_page(db, django_user_model, client_for):
    stranger = django_user_model.objects.create_user("stranger", password="x-Very-long-pw-1")
    client = client_for(stranger)
    assert client.get("/").status_code == 403
    assert client.get("/api/search/", {"q": "zs"}).status_code == 403
